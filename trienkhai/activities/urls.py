from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("moi/", views.activity_create, name="create"),
    path("<id:activity_id>/", views.activity_detail, name="detail"),
    path("<id:activity_id>/anh/", views.photo_upload, name="photo_upload"),
    path("<id:activity_id>/anh/<id:photo_id>/", views.photo, name="photo"),
]
