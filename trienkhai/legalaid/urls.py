from django.urls import path

from . import views

app_name = "legalaid"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("moi/", views.case_create, name="create"),
    path("<id:case_id>/", views.case_detail, name="detail"),
    path("<id:case_id>/phan-cong/", views.case_assign, name="assign"),
    path("<id:case_id>/ghi-chu/", views.case_note, name="note"),
    path("<id:case_id>/toa-an/", views.case_court, name="court"),
    path("<id:case_id>/giai-doan/", views.case_stage, name="stage"),
    path("<id:case_id>/tranh-chap/", views.case_dispute, name="dispute"),
    path("<id:case_id>/ket-thuc/", views.case_close, name="close"),
    path("<id:case_id>/tai-lieu/", views.case_upload, name="upload"),
    path("<id:case_id>/tai-lieu/<id:document_id>/", views.case_document, name="document"),
]
