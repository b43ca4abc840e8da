from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from apps.accounts import views as account_views
from apps.core import views as core_views
from apps.reports.views import home as home_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("health/", core_views.health, name="health"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", account_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        account_views.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/", include("apps.accounts.urls")),
    path("units/", include("apps.units.urls")),
    path("notifications/", include("apps.notifications.urls")),
    path("cycles/", include("apps.cycles.urls")),
    path("criteria/", include("apps.criteria.urls")),
    path("brightspots/", include("apps.brightspots.urls")),
    path("dossiers/", include("apps.dossiers.urls")),
    path("decisions/", include("apps.decisions.urls")),
    path("v/", include("apps.decisions.public_urls")),
    path("reports/", include("apps.reports.urls")),
    path("scoring/", include("apps.scoring.urls")),
    path("reminders/", include("apps.reminders.urls")),
    path("operations/", include("apps.operations.urls")),
    path("history/", include("apps.history.urls")),
    path("privacy/", include("apps.privacy.urls")),
    path("help/", include("apps.help.urls")),
    path("admin/", admin.site.urls),
]

# A database that went away answers 503 in Vietnamese, anything else the usual 500.
handler500 = "apps.operations.errors.server_error"
