from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("moi/", views.plan_create, name="create"),
    path("<int:plan_id>/", views.plan_detail, name="detail"),
    path("<int:plan_id>/sua/", views.plan_edit, name="edit"),
    path("<int:plan_id>/sua/<slug:kind>/", views.plan_rows, name="rows"),
    path("<int:plan_id>/ban-hanh/", views.plan_publish, name="publish"),
    path("<int:plan_id>/ban-hanh/so-don-vi/", views.plan_publish_preview, name="publish_preview"),
    path("<int:plan_id>/sua-doi/", views.plan_amend, name="amend"),
    path("<int:plan_id>/phien-ban/<int:number>/", views.plan_version, name="version"),
    path("<int:plan_id>/tien-do/", views.plan_board, name="board"),
    path("<int:plan_id>/tien-do.xlsx", views.plan_board_xlsx, name="board_xlsx"),
    path("<int:plan_id>/nhac-tat-ca/", views.remind_all, name="remind_all"),
    path("<int:plan_id>/hoat-dong/", views.action_add, name="action_add"),
    path("<int:plan_id>/hoat-dong/<int:action_id>/xoa/", views.action_delete, name="action_delete"),
    path("<int:plan_id>/chon-nhiem-vu/", views.sub_plan_tasks, name="sub_plan_tasks"),
    path("<int:plan_id>/hoan-thanh/", views.sub_plan_complete, name="complete"),
    path("nhan/<int:assignment_id>/", views.assignment_open, name="assignment"),
    path("nhan/<int:assignment_id>/nhac/", views.remind, name="remind"),
    path("nhan/<int:assignment_id>/da-nhan/", views.assignment_received, name="assignment_received"),
]
