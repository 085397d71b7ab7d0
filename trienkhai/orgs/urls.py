from django.urls import path

from . import views

app_name = "orgs"

urlpatterns = [
    path("", views.unit_tree, name="tree"),
    path("mau-nhap.xlsx", views.import_template, name="import_template"),
    path("<id:unit_id>/", views.unit_detail, name="detail"),
    path("<id:unit_id>/con/", views.unit_children, name="children"),
    path("<id:unit_id>/thao-tac/<slug:action>/", views.unit_action, name="action"),
    path("<id:unit_id>/nhap-excel/", views.unit_import, name="import"),
    path("<id:unit_id>/mac-dinh-thong-bao/", views.notify_defaults, name="notify_defaults"),
]
