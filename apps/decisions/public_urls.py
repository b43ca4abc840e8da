from django.urls import path  # noqa: F401

# Public certificate verification (no login): /v/<code>/
app_name = "verify"
urlpatterns = []
