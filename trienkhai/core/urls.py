from django.urls import path

from . import notify_views, views

app_name = "core"

urlpatterns = [
    path("", views.notifications, name="notifications"),
    path("<id:pk>/doc/", views.notification_read, name="notification_read"),
    path("doc-het/", views.notifications_read_all, name="notifications_read_all"),
    # Where and how the user is reached (issue 24).
    path("cai-dat/", notify_views.notify_settings, name="notify_settings"),
    path("cai-dat/thu/", notify_views.notify_email, name="notify_email"),
    path("cai-dat/thu/xac-nhan/<str:token>/", notify_views.notify_email_confirm, name="notify_email_confirm"),
    path("cai-dat/dien-thoai/", notify_views.notify_phone, name="notify_phone"),
    path("cai-dat/dien-thoai/ma/", notify_views.notify_phone_code, name="notify_phone_code"),
    path("cai-dat/kenh/", notify_views.notify_channels, name="notify_channels"),
    path("day/dang-ky/", notify_views.push_subscribe, name="push_subscribe"),
    path("day/huy/", notify_views.push_unsubscribe, name="push_unsubscribe"),
    path("nhat-ky-gui/", notify_views.deliveries, name="deliveries"),
]
