from django.urls import path

from . import excel_views, results_views, views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("ke-hoach/<id:plan_id>/bieu-mau/moi/", views.form_create, name="form_create"),
    path("bieu-mau/<id:pk>/", views.form_detail, name="form"),
    path("bieu-mau/<id:pk>/chi-tieu/moi/", views.indicator_edit, name="indicator_add"),
    path("bieu-mau/<id:pk>/chi-tieu/<id:indicator_id>/", views.indicator_edit, name="indicator_edit"),
    path("bieu-mau/<id:pk>/chi-tieu/<id:indicator_id>/xoa/", views.indicator_delete, name="indicator_delete"),
    path("bieu-mau/<id:pk>/quy-tac/moi/", views.rule_add, name="rule_add"),
    path("bieu-mau/<id:pk>/quy-tac/<id:rule_id>/xoa/", views.rule_delete, name="rule_delete"),
    path(
        "bieu-mau/<id:form_id>/don-vi/<id:unit_id>/<num:year>/<num:index>/",
        views.open_report,
        name="open",
    ),
    path("bieu-mau/<id:form_id>/bang/<id:unit_id>/", views.board, name="board"),
    path("bieu-mau/<id:form_id>/bang/<id:unit_id>/excel/", views.board_excel, name="board_excel"),
    path("so-lieu/", results_views.dashboards, name="dashboards"),
    path("bieu-mau/<id:form_id>/tong-hop/<id:unit_id>/", results_views.rollup, name="rollup"),
    path(
        "bieu-mau/<id:form_id>/tong-hop/<id:unit_id>/excel/", results_views.rollup_excel, name="rollup_excel"
    ),
    path("bieu-mau/<id:form_id>/so-lieu/<id:unit_id>/", results_views.dashboard, name="dashboard"),
    path(
        "bieu-mau/<id:form_id>/so-lieu/<id:unit_id>/excel/",
        results_views.dashboard_excel,
        name="dashboard_excel",
    ),
    path("bieu-mau/<id:form_id>/chi-tieu-giao/<id:unit_id>/", results_views.targets, name="targets"),
    path("bieu-mau/<id:form_id>/mau-excel/<id:unit_id>/", excel_views.excel_template, name="excel_template"),
    path("bieu-mau/<id:form_id>/nhap-excel/<id:unit_id>/", excel_views.import_start, name="import"),
    path("nhap-excel/<id:job_id>/", excel_views.import_job, name="import_job"),
    path("nhap-excel/<id:job_id>/tien-do/", excel_views.import_progress, name="import_progress"),
    path("nhap-excel/<id:job_id>/nhap/", excel_views.import_commit, name="import_commit"),
    path("cho-duyet/", views.review_queue, name="review_queue"),
    path("<id:pk>/", views.submission_view, name="submission"),
    path("<id:pk>/tu-dong-luu/", views.autosave, name="autosave"),
    path("<id:pk>/duyet/", views.review, name="review"),
    path("<id:pk>/mo-lai/", views.reopen, name="reopen"),
    path("<id:pk>/minh-chung/", views.upload, name="upload"),
    path("<id:pk>/minh-chung/<id:evidence_id>/", views.evidence_file, name="evidence"),
    path("<id:pk>/lich-su/", views.history, name="history"),
]
