from django.urls import path

from apps.accounts import views

app_name = "accounts"

urlpatterns = [
    path("units/<int:pk>/handover/", views.handover, name="handover"),
    path("two-factor/", views.two_factor, name="two_factor"),
    path("two-factor/setup/", views.otp_setup, name="otp_setup"),
    path("two-factor/setup/qr.svg", views.otp_qr, name="otp_qr"),
    path("two-factor/verify/", views.otp_verify, name="otp_verify"),
    path("two-factor/recovery-codes/", views.otp_recovery_codes, name="otp_recovery_codes"),
    path("two-factor/recovery-codes/new/", views.otp_recovery_renew, name="otp_recovery_renew"),
    path("two-factor/off/", views.otp_disable, name="otp_disable"),
]
