from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("", views.index, name="index"),
    path("phong-trao/moi/", views.movement_create, name="movement_create"),
    path("phong-trao/<id:movement_id>/", views.movement_detail, name="movement"),
    path("phong-trao/<id:movement_id>/dang-ky/", views.movement_signup, name="movement_signup"),
    path("de-nghi/", views.proposal_list, name="proposals"),
    path("de-nghi/moi/", views.proposal_create, name="proposal_create"),
    path("de-nghi/<id:proposal_id>/", views.proposal_detail, name="proposal"),
    path("de-nghi/<id:proposal_id>/sua/", views.proposal_edit, name="proposal_edit"),
    path("de-nghi/<id:proposal_id>/xet/", views.proposal_review, name="proposal_review"),
    path("de-nghi/<id:proposal_id>/trinh/", views.proposal_forward, name="proposal_forward"),
    path("de-nghi/<id:proposal_id>/thu-hoi/", views.proposal_revoke, name="proposal_revoke"),
    path("de-nghi/<id:proposal_id>/giay-khen/", views.certificate, name="certificate"),
    path("de-nghi/<id:proposal_id>/ho-so/", views.proposal_file, name="proposal_file"),
    path("hoi-dong/", views.sessions, name="sessions"),
    path("hoi-dong/<id:session_id>/", views.session_detail, name="session"),
    path("hoi-dong/<id:session_id>/bieu-quyet/", views.session_vote, name="session_vote"),
    path("hoi-dong/<id:session_id>/ket-thuc/", views.session_close, name="session_close"),
    path("quyet-dinh/moi/", views.decision_create, name="decision_create"),
    path("so/", views.register, name="register"),
    path("so/excel/", views.register_xlsx, name="register_xlsx"),
    path("mo-hinh/", views.good_models, name="good_models"),
    path("mo-hinh/moi/", views.good_model_create, name="good_model_create"),
    path("mo-hinh/<id:model_id>/", views.good_model_detail, name="good_model"),
    path("mo-hinh/<id:model_id>/cong-bo/", views.good_model_publish, name="good_model_publish"),
]
