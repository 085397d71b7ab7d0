from django.urls import path

from . import dues_views, founding_views, views

app_name = "members"

urlpatterns = [
    path("", views.index, name="index"),
    path("don-vi/<id:unit_id>/", views.register, name="register"),
    path("don-vi/<id:unit_id>/them/", views.member_add, name="add"),
    path("don-vi/<id:unit_id>/xuat-excel/", views.export, name="export"),
    path("don-vi/<id:unit_id>/mau-nhap.xlsx", views.import_template, name="import_template"),
    path("don-vi/<id:unit_id>/nhap-excel/", views.import_upload, name="import"),
    path("don-vi/<id:unit_id>/nhat-ky/", views.access_log, name="access_log"),
    path("don-vi/<id:unit_id>/doan-phi/", dues_views.dues_page, name="dues"),
    path("don-vi/<id:unit_id>/doan-phi/ghi/", dues_views.dues_record, name="dues_record"),
    path("don-vi/<id:unit_id>/doan-phi/nhap-excel/", dues_views.dues_upload, name="dues_upload"),
    path("don-vi/<id:unit_id>/doan-phi/mau.xlsx", dues_views.dues_template, name="dues_template"),
    path("nhap/<id:import_id>/", views.import_detail, name="import_detail"),
    path("nhap/<id:import_id>/tien-do/", views.import_progress, name="import_progress"),
    path("nhap/<id:import_id>/xac-nhan/", views.import_confirm, name="import_confirm"),
    path("nhap/<id:import_id>/huy/", views.import_cancel, name="import_cancel"),
    path("<id:member_id>/", views.member_detail, name="detail"),
    path("<id:member_id>/sua/", views.member_edit, name="edit"),
    path("<id:member_id>/ra-khoi-to-chuc/", views.member_leave, name="leave"),
    path("<id:member_id>/chuyen-sinh-hoat/", views.member_transfer, name="transfer"),
    path("<id:member_id>/chuyen-sinh-hoat/don-vi/", views.transfer_units, name="transfer_units"),
    path("<id:member_id>/tam-dung/", views.member_pause, name="pause"),
    path("<id:member_id>/sinh-hoat-lai/", views.member_resume, name="resume"),
    path("<id:member_id>/so-dinh-danh/", views.member_id_number, name="id_number"),
    path("<id:member_id>/don-gia-nhap/", views.application_scan, name="application_scan"),
    path("<id:member_id>/yeu-cau-du-lieu/", views.subject_request, name="subject_request"),
    path("yeu-cau-du-lieu/<id:request_id>/xong/", views.subject_request_done, name="subject_request_done"),
    path("<id:member_id>/xoa-du-lieu/", views.member_erase, name="erase"),
    path("<id:member_id>/du-lieu-cua-toi.xlsx", views.member_own_data, name="own_data"),
    path("don-vi/<id:unit_id>/don-gia-nhap/", views.admission_requests, name="admission_requests"),
    path("don-gia-nhap/<id:request_id>/", views.admission_request, name="admission_request"),
    path("thanh-lap-cdcs/", views.founding_list, name="founding_list"),
    path("thanh-lap-cdcs/moi/", views.founding_create, name="founding_create"),
    path("thanh-lap-cdcs/<id:case_id>/", views.founding_detail, name="founding"),
    path("thanh-lap-cdcs/<id:case_id>/buoc/", views.founding_step, name="founding_step"),
    path("thanh-lap-cdcs/<id:case_id>/quyet-dinh/", views.founding_decide, name="founding_decide"),
    path("thanh-lap-cdcs/<id:case_id>/dai-hoi/", founding_views.founding_congress, name="founding_congress"),
]
