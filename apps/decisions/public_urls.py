from django.urls import path

from apps.decisions.views import public

# Public certificate verification (no login): /v/<code>/
app_name = "verify"
urlpatterns = [
    path("", public.lookup, name="lookup"),
    path("<str:code>/", public.certificate, name="certificate"),
]
