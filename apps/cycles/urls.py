from django.urls import path

from apps.cycles import views

app_name = "cycles"
urlpatterns = [
    path("", views.cycle_list, name="list"),
    path("new/", views.cycle_create, name="create"),
    path("<int:pk>/", views.cycle_detail, name="detail"),
    path("<int:pk>/dates/", views.cycle_change_dates, name="change_dates"),
    path("<int:pk>/extend/", views.deadline_extend, name="extend"),
    path("rules/<int:province_pk>/", views.rules_edit, name="rules"),
]
