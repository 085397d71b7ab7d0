from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("van-ban/", views.document_list, name="list"),
    path("van-ban/tai-len/", views.upload, name="upload"),
    path("van-ban/<id:document_id>/", views.document_detail, name="detail"),
    path("van-ban/<id:document_id>/tien-do/", views.document_progress, name="progress"),
    path("van-ban/<id:document_id>/tep-goc/", views.document_original, name="original"),
    path("can-cu/", views.basis_list, name="bases"),
    path("can-cu/<id:basis_id>/", views.basis_detail, name="basis"),
    path("can-cu/<id:basis_id>/cong-khai/", views.basis_publicity, name="basis_publicity"),
]
