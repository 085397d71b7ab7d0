"""Bootstrap rendering of Django form fields: {{ field|bs }} keeps Django's own widget rendering
(bound values, multi-selects, date formats) and adds the right Bootstrap classes."""

from django import template

register = template.Library()


@register.filter
def bs(field):
    widget = field.field.widget
    input_type = getattr(widget, "input_type", None)
    if input_type == "checkbox":
        css = "form-check-input"
    elif (
        input_type == "select"
        or widget.__class__.__name__.endswith("Select")
        or hasattr(widget, "allow_multiple_selected")
    ):
        css = "form-select form-select-sm"
    else:
        css = "form-control form-control-sm"
    if field.errors:
        css += " is-invalid"
    existing = widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.filter
def person(user, empty: str = "—") -> str:
    """A user's display name: full name, else username; `empty` when there is none (rows written by the
    demo loader or the task worker have no user, and a filter argument that fails to resolve would be a
    template error, not a blank)."""
    if user is None:
        return empty
    return user.get_full_name() or user.username


@register.simple_tag
def unread_notifications(user) -> int:
    """The number of the user's unread notifications, for the bell in the navbar."""
    from trienkhai.core.models import Notification

    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user).unread().count()
