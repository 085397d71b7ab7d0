from django.contrib.auth import views as auth_views
from django.urls import path

from . import twofactor_views, views

urlpatterns = [
    path("dang-nhap/", twofactor_views.LoginView.as_view(), name="login"),
    path("dang-nhap/ma-xac-thuc/", twofactor_views.login_code, name="login_code"),
    path("xac-thuc-hai-buoc/", twofactor_views.second_factor, name="second_factor"),
    path("xac-thuc-hai-buoc/dang-ky/", twofactor_views.second_factor_enrol, name="second_factor_enrol"),
    path("xac-thuc-hai-buoc/ma-khoi-phuc/", twofactor_views.second_factor_codes, name="second_factor_codes"),
    path("xac-thuc-hai-buoc/tat/", twofactor_views.second_factor_disable, name="second_factor_disable"),
    path("quan-tri/xac-thuc-hai-buoc/", twofactor_views.second_factor_admin, name="second_factor_admin"),
    path(
        "quan-tri/xac-thuc-hai-buoc/<int:pk>/dat-lai/",
        twofactor_views.second_factor_reset,
        name="second_factor_reset",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "doi-mat-khau/",
        views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path("doi-mat-khau/xong/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("phien-dang-nhap/", views.sessions, name="sessions"),
    path("phien-dang-nhap/<int:pk>/ket-thuc/", views.end_session, name="session_end"),
    path("phien-dang-nhap/ket-thuc-cac-phien-khac/", views.end_other_sessions, name="sessions_end_others"),
    path("quen-mat-khau/", views.PasswordResetView.as_view(), name="password_reset"),
    path("quen-mat-khau/da-gui/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
