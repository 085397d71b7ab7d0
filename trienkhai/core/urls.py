from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.notifications, name="notifications"),
    path("<id:pk>/doc/", views.notification_read, name="notification_read"),
    path("doc-het/", views.notifications_read_all, name="notifications_read_all"),
]
