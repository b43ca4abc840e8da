from django.urls import path

from apps.reminders import views

app_name = "reminders"
urlpatterns = [
    path("", views.reminder_log_list, name="log"),
]
