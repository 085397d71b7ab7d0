from django.urls import path

from . import views

app_name = "inspections"

urlpatterns = [
    path("", views.index, name="index"),
    path("moi/", views.plan_create, name="create"),
    path("<id:plan_id>/", views.plan_detail, name="plan"),
    path("<id:plan_id>/sua/", views.plan_edit, name="edit"),
    path("<id:plan_id>/thong-bao/", views.notice, name="notice"),
    path("<id:plan_id>/quyet-dinh/", views.decision, name="decision"),
    path("<id:plan_id>/ket-luan/", views.conclude, name="conclude"),
    path("<id:plan_id>/ca-nhan/", views.person_visit, name="person_visit"),
    path("<id:plan_id>/ky-luat/moi/", views.discipline_create, name="discipline_create"),
    path("don-vi/<id:visit_id>/tai-chinh/", views.visit_finance, name="visit_finance"),
    path("uy-ban/", views.committees, name="committees"),
    path("uy-ban/moi/", views.committee_create, name="committee_create"),
    path("uy-ban/<id:committee_id>/", views.committee_detail, name="committee"),
    path("ky-luat/<id:case_id>/", views.discipline_detail, name="discipline"),
    path("don-vi/<id:visit_id>/", views.visit_detail, name="visit"),
    path("don-vi/<id:visit_id>/bien-ban/", views.visit_edit, name="visit_edit"),
    path("don-vi/<id:visit_id>/bien-ban/van-ban/", views.record, name="record"),
    path("don-vi/<id:visit_id>/kien-nghi/", views.recommend, name="recommend"),
    path("kien-nghi/<id:rec_id>/tra-loi/", views.answer, name="answer"),
    path("kien-nghi/<id:rec_id>/chap-nhan/", views.accept, name="accept"),
    path("kien-nghi/<id:rec_id>/mo-lai/", views.reopen, name="reopen"),
    path("kien-nghi/<id:rec_id>/minh-chung/<id:evidence_id>/", views.evidence_file, name="evidence"),
]
