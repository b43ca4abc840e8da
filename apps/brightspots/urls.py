from django.urls import path

from apps.brightspots.views import bulk, inbox, publishing, spots, units

app_name = "brightspots"
urlpatterns = [
    path("", spots.bright_spot_list, name="list"),
    path("export.xlsx", spots.bright_spot_list_export, name="list_export"),
    path("<int:pk>/", spots.bright_spot_detail, name="detail"),
    path("<int:pk>/edit/", spots.bright_spot_edit, name="edit"),
    path("<int:pk>/withdraw/", spots.bright_spot_withdraw, name="withdraw"),
    path("<int:pk>/progress/", spots.progress_create, name="progress"),
    path("<int:pk>/publication/agree/", publishing.publication_agree, name="publication_agree"),
    path("<int:pk>/publication/publish/", publishing.publish, name="publish"),
    path("<int:pk>/publication/unpublish/", publishing.unpublish, name="unpublish"),
    path("attachments/<int:pk>/", spots.attachment_download, name="attachment"),
    path("units/<int:unit_pk>/", units.unit_year, name="unit_year"),
    path("units/<int:unit_pk>/new/", spots.bright_spot_create, name="create"),
    path("units/<int:unit_pk>/directive/", units.directive_edit, name="directive"),
    path("lists/<int:pk>/send/", units.registration_send, name="registration_send"),
    path("lists/<int:pk>/export.xlsx", units.registration_export, name="registration_export"),
    path("lists/<int:pk>/print/", units.registration_print, name="registration_print"),
    path("lists/<int:pk>/pdf/", units.registration_pdf, name="registration_pdf"),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/export.xlsx", inbox.inbox_export, name="inbox_export"),
    path("inbox/print/", inbox.inbox_print, name="inbox_print"),
    path("inbox/acknowledge/", bulk.inbox_acknowledge, name="inbox_acknowledge"),
    path("routings/<int:pk>/", inbox.routing_detail, name="routing_detail"),
    path("routings/<int:pk>/acknowledge/", inbox.routing_acknowledge, name="routing_acknowledge"),
    path("routings/<int:pk>/return/", inbox.routing_return, name="routing_return"),
]
