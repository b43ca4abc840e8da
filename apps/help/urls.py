from django.urls import path

from apps.help import views

app_name = "help"
urlpatterns = [
    path("", views.help_page, name="page"),
    path("contact/<int:province_id>/", views.contact_edit, name="contact_edit"),
]
