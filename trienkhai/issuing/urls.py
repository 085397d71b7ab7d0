from django.urls import path

from . import views

app_name = "issuing"

urlpatterns = [
    path("", views.register, name="register"),
    path("so/<id:unit_id>/<num:year>/excel/", views.register_xlsx, name="register_xlsx"),
    path("ke-hoach/<id:plan_id>/", views.plan_draft, name="plan_draft"),
    path("ke-hoach/<id:plan_id>/don-doc/", views.plan_reminder, name="plan_reminder"),
    path(
        "bao-cao/<id:form_id>/<id:unit_id>/<num:year>/<num:index>/",
        views.report_draft,
        name="report_draft",
    ),
    path(
        "bao-cao/<id:form_id>/<id:unit_id>/<num:year>/<num:index>/don-doc/",
        views.report_reminder,
        name="report_reminder",
    ),
    path("<id:pk>/", views.document_view, name="document"),
    path("<id:pk>/tien-do/", views.progress, name="progress"),
    path("<id:pk>/tai-ve.docx", views.download_docx, name="docx"),
    path("<id:pk>/tai-ve.pdf", views.download_pdf, name="pdf"),
    path("<id:pk>/trang-<num:page>.png", views.page_image, name="page"),
    path("<id:pk>/ban-da-ky/", views.signed_upload, name="signed_upload"),
    path("<id:pk>/ban-da-ky/tien-do/", views.signed_progress, name="signed_progress"),
    path("<id:pk>/ban-da-ky/<id:signed_id>/tai-ve", views.signed_file, name="signed_file"),
    path("<id:pk>/thay-the/", views.replace, name="replace"),
    path("<id:pk>/xoa/", views.discard, name="discard"),
    path("dot/<id:batch_id>/", views.batch_view, name="batch"),
    path("dot/<id:batch_id>/tien-do/", views.batch_progress, name="batch_progress"),
]
