from django.urls import path

from apps.cycles import process_views, views

app_name = "cycles"
urlpatterns = [
    path("", views.cycle_list, name="list"),
    path("new/", views.cycle_create, name="create"),
    path("<int:pk>/", views.cycle_detail, name="detail"),
    path("<int:pk>/dates/", views.cycle_change_dates, name="change_dates"),
    path("<int:pk>/extend/", views.deadline_extend, name="extend"),
    path("rules/<int:province_pk>/", views.rules_edit, name="rules"),
    # A province's process: the version in force, the history, and the draft.
    path("process/<int:province_pk>/", process_views.process_page, name="process"),
    path(
        "process/<int:province_pk>/draft/",
        process_views.draft_start,
        name="process_draft_start",
    ),
    path(
        "process/<int:province_pk>/draft/general/",
        process_views.draft_change,
        name="process_draft_change",
    ),
    path(
        "process/<int:province_pk>/draft/kinds/",
        process_views.kind_add,
        name="process_kind_add",
    ),
    path(
        "process/<int:province_pk>/draft/kinds/<int:pk>/",
        process_views.kind_change,
        name="process_kind_change",
    ),
    path(
        "process/<int:province_pk>/draft/kinds/<int:pk>/delete/",
        process_views.kind_delete,
        name="process_kind_delete",
    ),
    path(
        "process/<int:province_pk>/draft/kinds/<int:pk>/route/",
        process_views.route_set,
        name="process_route_set",
    ),
    path(
        "process/<int:province_pk>/draft/minimum/",
        process_views.minimum_set,
        name="process_minimum_set",
    ),
    path(
        "process/<int:province_pk>/draft/minimum/<int:pk>/delete/",
        process_views.minimum_delete,
        name="process_minimum_delete",
    ),
    path(
        "process/<int:province_pk>/draft/dates/",
        process_views.dates_set,
        name="process_dates_set",
    ),
    path(
        "process/<int:province_pk>/draft/conferences/",
        process_views.conference_add,
        name="process_conference_add",
    ),
    path(
        "process/<int:province_pk>/draft/conferences/<int:pk>/delete/",
        process_views.conference_delete,
        name="process_conference_delete",
    ),
    path(
        "process/<int:province_pk>/draft/publish/",
        process_views.publish,
        name="process_publish",
    ),
    path(
        "process/<int:province_pk>/draft/discard/",
        process_views.discard,
        name="process_discard",
    ),
]
