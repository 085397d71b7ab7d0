from django.urls import path

from . import views, views_board, views_edit, views_publish, views_subplans

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("moi/", views.plan_create, name="create"),
    path("tu-van-ban/<id:document_id>/", views.plan_from_document, name="from_document"),
    path("<id:plan_id>/", views.plan_detail, name="detail"),
    path("<id:plan_id>/sua/", views_edit.plan_edit, name="edit"),
    path("<id:plan_id>/sua/<slug:kind>/", views_edit.plan_rows, name="rows"),
    path("<id:plan_id>/ban-hanh/", views_publish.plan_publish, name="publish"),
    path("<id:plan_id>/ban-hanh/so-don-vi/", views_publish.plan_publish_preview, name="publish_preview"),
    path("<id:plan_id>/sua-doi/", views_publish.plan_amend, name="amend"),
    path("<id:plan_id>/phien-ban/<num:number>/", views_publish.plan_version, name="version"),
    path("<id:plan_id>/tien-do/", views_board.plan_board, name="board"),
    path("<id:plan_id>/tien-do.xlsx", views_board.plan_board_xlsx, name="board_xlsx"),
    path("<id:plan_id>/nhac-tat-ca/", views_board.remind_all, name="remind_all"),
    path("<id:plan_id>/hoat-dong/", views_subplans.action_add, name="action_add"),
    path("<id:plan_id>/hoat-dong/<id:action_id>/xoa/", views_subplans.action_delete, name="action_delete"),
    path("<id:plan_id>/chon-nhiem-vu/", views_subplans.sub_plan_tasks, name="sub_plan_tasks"),
    path("<id:plan_id>/hoan-thanh/", views_subplans.sub_plan_complete, name="complete"),
    path("nhan/<id:assignment_id>/", views_subplans.assignment_open, name="assignment"),
    path("nhan/<id:assignment_id>/nhac/", views_board.remind, name="remind"),
    path("nhan/<id:assignment_id>/da-nhan/", views_subplans.assignment_received, name="assignment_received"),
]
