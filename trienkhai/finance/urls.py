from django.urls import path

from . import views

app_name = "finance"

urlpatterns = [
    path("ke-hoach/<id:plan_id>/", views.ledger, name="ledger"),
    path("ke-hoach/<id:plan_id>/tong-hop/", views.rollup, name="rollup"),
    path("ke-hoach/<id:plan_id>/tong-hop.xlsx", views.rollup_xlsx, name="rollup_xlsx"),
    path("khoan-chi/<id:payment_id>/dao/", views.reverse_payment, name="reverse"),
    path("khoan-chi/<id:payment_id>/chung-tu/", views.voucher, name="voucher"),
    path("dong/<id:line_id>/ly-do/", views.overspend_reason, name="reason"),
    path("don-vi/<id:unit_id>/", views.unit_records, name="unit_records"),
]
