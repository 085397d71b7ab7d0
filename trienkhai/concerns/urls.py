from django.urls import path

from . import views

app_name = "concerns"

urlpatterns = [
    # Public pages, without an account: the lookup by tracking code, the form of one CĐCS (its random key
    # is printed as a QR code) and the page giving the tracking code.
    path("gop-y/tra-cuu/", views.public_lookup, name="public_lookup"),
    path("gop-y/<slug:key>/", views.public_form, name="public_form"),
    path("gop-y/<slug:key>/da-gui/", views.public_thanks, name="public_thanks"),
    # Union officers.
    path("tam-tu/", views.concern_list, name="list"),
    path("tam-tu/<id:concern_id>/", views.concern_detail, name="detail"),
    path("tam-tu/<id:concern_id>/tra-loi/", views.concern_answer, name="answer"),
    path("tam-tu/<id:concern_id>/theo-doi/", views.concern_follow_up, name="follow_up"),
    path("tam-tu/<id:concern_id>/xem-xet/", views.concern_review, name="review"),
    path("tam-tu/<id:concern_id>/vu-viec/", views.case_open, name="case_open"),
    path("tam-tu/<id:concern_id>/vu-viec/buoc/", views.case_step, name="case_step"),
    path("tam-tu/<id:concern_id>/danh-tinh/", views.case_identity, name="case_identity"),
    path("tam-tu/don-vi/<id:unit_id>/ma-qr/", views.box_page, name="box"),
    path("tam-tu/don-vi/<id:unit_id>/ma-qr.<slug:fmt>", views.box_qr, name="box_qr"),
]
