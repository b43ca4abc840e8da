"""The project's URLs with /health/ looked up at request time (the test replaces it)."""

from django.urls import path

from apps.core import views

urlpatterns = [path("health/", lambda request: views.health(request))]
handler500 = "apps.operations.errors.server_error"
