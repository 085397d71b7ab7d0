from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("ke-hoach/<int:plan_id>/bieu-mau/moi/", views.form_create, name="form_create"),
    path("bieu-mau/<int:pk>/", views.form_detail, name="form"),
    path("bieu-mau/<int:pk>/chi-tieu/moi/", views.indicator_edit, name="indicator_add"),
    path("bieu-mau/<int:pk>/chi-tieu/<int:indicator_id>/", views.indicator_edit, name="indicator_edit"),
    path(
        "bieu-mau/<int:pk>/chi-tieu/<int:indicator_id>/xoa/", views.indicator_delete, name="indicator_delete"
    ),
    path("bieu-mau/<int:pk>/quy-tac/moi/", views.rule_add, name="rule_add"),
    path("bieu-mau/<int:pk>/quy-tac/<int:rule_id>/xoa/", views.rule_delete, name="rule_delete"),
    path(
        "bieu-mau/<int:form_id>/don-vi/<int:unit_id>/<int:year>/<int:index>/",
        views.open_report,
        name="open",
    ),
    path("bieu-mau/<int:form_id>/bang/<int:unit_id>/", views.board, name="board"),
    path("bieu-mau/<int:form_id>/bang/<int:unit_id>/excel/", views.board_excel, name="board_excel"),
    path("<int:pk>/", views.submission_view, name="submission"),
    path("<int:pk>/tu-dong-luu/", views.autosave, name="autosave"),
    path("<int:pk>/duyet/", views.review, name="review"),
    path("<int:pk>/mo-lai/", views.reopen, name="reopen"),
    path("<int:pk>/minh-chung/", views.upload, name="upload"),
    path("<int:pk>/minh-chung/<int:evidence_id>/", views.evidence_file, name="evidence"),
    path("<int:pk>/lich-su/", views.history, name="history"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("thong-bao/<int:pk>/doc/", views.notification_read, name="notification_read"),
    path("thong-bao/doc-het/", views.notifications_read_all, name="notifications_read_all"),
]
