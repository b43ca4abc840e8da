from django.urls import path

from apps.criteria import views

app_name = "criteria"
urlpatterns = [
    path("", views.criteria_set_list, name="list"),
    path("new/", views.criteria_set_create, name="create"),
    path("<int:pk>/", views.criteria_set_detail, name="detail"),
    path("<int:pk>/print/", views.criteria_set_print, name="print"),
    path("<int:pk>/edit/", views.criteria_set_edit, name="edit"),
    path("<int:pk>/delete/", views.criteria_set_delete, name="delete"),
    path("<int:pk>/revise/", views.criteria_set_revise, name="revise"),
    path("<int:pk>/publish/", views.criteria_set_publish, name="publish"),
    path("<int:pk>/withdraw/", views.criteria_set_withdraw, name="withdraw"),
    path("<int:pk>/groups/new/", views.group_add, name="group_add"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
    path("groups/<int:pk>/delete/", views.group_delete, name="group_delete"),
    path("groups/<int:pk>/criteria/new/", views.criterion_add, name="criterion_add"),
    path("criterion/<int:pk>/edit/", views.criterion_edit, name="criterion_edit"),
    path("criterion/<int:pk>/delete/", views.criterion_delete, name="criterion_delete"),
]
