from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("", views.index, name="index"),
    path("bo-tieu-chi/moi/", views.set_create, name="set_create"),
    path("bo-tieu-chi/<id:set_id>/", views.set_detail, name="set"),
    path("bo-tieu-chi/<id:set_id>/sua/", views.set_edit, name="set_edit"),
    path("bo-tieu-chi/<id:set_id>/tieu-chi/moi/", views.criterion_create, name="criterion_create"),
    path("bo-tieu-chi/<id:set_id>/tieu-chi/<id:criterion_id>/", views.criterion_edit, name="criterion_edit"),
    path(
        "bo-tieu-chi/<id:set_id>/tieu-chi/<id:criterion_id>/xoa/",
        views.criterion_delete,
        name="criterion_delete",
    ),
    path("bo-tieu-chi/<id:set_id>/sao-chep/", views.set_copy, name="set_copy"),
    path("bo-tieu-chi/<id:set_id>/mo/", views.set_open, name="set_open"),
    path("bo-tieu-chi/<id:set_id>/xep-loai/", views.set_classify, name="set_classify"),
    path("bo-tieu-chi/<id:set_id>/cong-bo/", views.set_publish, name="set_publish"),
    path("bo-tieu-chi/<id:set_id>/bao-cao/", views.set_report, name="set_report"),
    path("bo-tieu-chi/<id:set_id>/diem-thuong/", views.set_bonus, name="set_bonus"),
    path("bo-tieu-chi/<id:set_id>/xep-hang/", views.ranking_view, name="ranking"),
    path("bo-tieu-chi/<id:set_id>/xep-hang.xlsx", views.ranking_export, name="ranking_export"),
    path("phieu/<id:evaluation_id>/", views.evaluation_detail, name="evaluation"),
    path("phieu/<id:evaluation_id>/tu-dong-luu/", views.self_autosave, name="self_autosave"),
    path("phieu/<id:evaluation_id>/tham-dinh/", views.moderate, name="moderate"),
    path("phieu/<id:evaluation_id>/minh-chung/<id:score_id>/", views.evidence, name="evidence"),
]
