from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_list, name="list"),
    path("moi/", views.agreement_create, name="create"),
    path("<id:agreement_id>/", views.agreement_detail, name="detail"),
    path("<id:agreement_id>/sua/", views.agreement_edit, name="edit"),
    path("<id:agreement_id>/thay-doi/", views.agreement_change, name="change"),
    path("<id:agreement_id>/xep-loai/", views.agreement_grade, name="grade"),
    path("doi-thoai/", views.dialogue_list, name="dialogues"),
    path("doi-thoai/moi/", views.dialogue_create, name="dialogue_create"),
    path("doi-thoai/<id:dialogue_id>/", views.dialogue_detail, name="dialogue"),
    path("doi-thoai/<id:dialogue_id>/sua/", views.dialogue_edit, name="dialogue_edit"),
    path("doi-thoai/<id:dialogue_id>/bien-ban/", views.dialogue_minutes, name="dialogue_minutes"),
    path("doi-thoai/hoi-nghi-nguoi-lao-dong/moi/", views.conference_create, name="conference_create"),
]
