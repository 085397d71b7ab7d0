from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("moi/", views.plan_create, name="create"),
    path("tu-van-ban/<id:document_id>/", views.plan_from_document, name="from_document"),
    path("<id:plan_id>/", views.plan_detail, name="detail"),
    path("<id:plan_id>/sua/", views.plan_edit, name="edit"),
    path("<id:plan_id>/sua/<slug:kind>/", views.plan_rows, name="rows"),
    path("<id:plan_id>/ban-hanh/", views.plan_publish, name="publish"),
    path("<id:plan_id>/ban-hanh/so-don-vi/", views.plan_publish_preview, name="publish_preview"),
    path("<id:plan_id>/sua-doi/", views.plan_amend, name="amend"),
    path("<id:plan_id>/phien-ban/<num:number>/", views.plan_version, name="version"),
    path("<id:plan_id>/tien-do/", views.plan_board, name="board"),
    path("<id:plan_id>/tien-do.xlsx", views.plan_board_xlsx, name="board_xlsx"),
    path("<id:plan_id>/nhac-tat-ca/", views.remind_all, name="remind_all"),
    path("<id:plan_id>/hoat-dong/", views.action_add, name="action_add"),
    path("<id:plan_id>/hoat-dong/<id:action_id>/xoa/", views.action_delete, name="action_delete"),
    path("<id:plan_id>/chon-nhiem-vu/", views.sub_plan_tasks, name="sub_plan_tasks"),
    path("<id:plan_id>/hoan-thanh/", views.sub_plan_complete, name="complete"),
    path("nhan/<id:assignment_id>/", views.assignment_open, name="assignment"),
    path("nhan/<id:assignment_id>/nhac/", views.remind, name="remind"),
    path("nhan/<id:assignment_id>/da-nhan/", views.assignment_received, name="assignment_received"),
]
