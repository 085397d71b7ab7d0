from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.index, name="index"),
    path("moi/", views.plan_create, name="create"),
    path("<id:plan_id>/", views.plan_detail, name="plan"),
    path("<id:plan_id>/sua/", views.plan_edit, name="edit"),
    path("<id:plan_id>/thong-bao/", views.notice, name="notice"),
    path("don-vi/<id:visit_id>/", views.visit_detail, name="visit"),
    path("don-vi/<id:visit_id>/bien-ban/", views.visit_edit, name="visit_edit"),
    path("don-vi/<id:visit_id>/bien-ban/van-ban/", views.record, name="record"),
    path("don-vi/<id:visit_id>/kien-nghi/", views.recommend, name="recommend"),
    path("kien-nghi/<id:rec_id>/tra-loi/", views.answer, name="answer"),
    path("kien-nghi/<id:rec_id>/chap-nhan/", views.accept, name="accept"),
    path("kien-nghi/<id:rec_id>/mo-lai/", views.reopen, name="reopen"),
    path("kien-nghi/<id:rec_id>/minh-chung/<id:evidence_id>/", views.evidence_file, name="evidence"),
]
