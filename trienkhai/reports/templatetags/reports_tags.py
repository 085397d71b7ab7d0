from django import template

from trienkhai.reports.models import Notification

register = template.Library()


@register.simple_tag
def unread_notifications(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user).unread().count()
