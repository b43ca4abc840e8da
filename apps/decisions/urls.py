from django.urls import path

from apps.decisions.views import commendations, decisions, printing, yearly

app_name = "decisions"
urlpatterns = [
    path("", decisions.decision_list, name="list"),
    path("new/<int:authority_pk>/", decisions.decision_create, name="create"),
    path("<int:pk>/", decisions.decision_detail, name="detail"),
    path("<int:pk>/edit/", decisions.decision_edit, name="edit"),
    path("<int:pk>/bright-spots/", decisions.decision_bright_spots, name="bright_spots"),
    path("<int:pk>/issue/", decisions.decision_issue, name="issue"),
    path("<int:pk>/revoke/", decisions.decision_revoke, name="revoke"),
    path("<int:pk>/delete/", decisions.decision_delete, name="delete"),
    path("<int:pk>/pdf/", decisions.decision_pdf, name="pdf"),
    path("<int:pk>/print/", printing.print_start, name="print"),
    path("certificates/<int:pk>/pdf/", decisions.certificate_pdf, name="certificate_pdf"),
    path("print-jobs/<int:pk>/", printing.print_job, name="print_job"),
    path("print-jobs/<int:pk>/status/", printing.print_job_status, name="print_job_status"),
    path("print-jobs/<int:pk>/download/", printing.print_job_download, name="print_job_download"),
    path("commendations/", commendations.proposal_list, name="commendation_list"),
    path("commendations/new/", commendations.proposal_create, name="commendation_create"),
    path("commendations/<int:pk>/", commendations.proposal_detail, name="commendation_detail"),
    path(
        "commendations/<int:pk>/select/",
        commendations.proposal_select,
        name="commendation_select",
    ),
    path("commendations/<int:pk>/send/", commendations.proposal_send, name="commendation_send"),
    path(
        "commendations/<int:pk>/decision/",
        commendations.proposal_record,
        name="commendation_record",
    ),
    path(
        "commendations/<int:pk>/export.xlsx",
        commendations.proposal_export,
        name="commendation_export",
    ),
    path(
        "commendations/<int:pk>/people/",
        commendations.proposal_people,
        name="commendation_people",
    ),
    path(
        "commendations/<int:pk>/people/collective/",
        commendations.proposal_add_collective_view,
        name="commendation_add_collective",
    ),
    path(
        "commendations/<int:pk>/people/individual/",
        commendations.proposal_add_individual_view,
        name="commendation_add_individual",
    ),
    path(
        "commendations/<int:pk>/people/<int:honoree_pk>/remove/",
        commendations.proposal_remove_honoree_view,
        name="commendation_remove_honoree",
    ),
    path("commendations/<int:pk>/print/", commendations.proposal_print, name="commendation_print"),
    path(
        "commendations/conference/<int:unit_pk>/<int:period_pk>/",
        commendations.conference,
        name="commendation_conference",
    ),
    path("yearly-commendations/", yearly.yearly_list, name="yearly_list"),
    path("yearly-commendations/new/<int:unit_pk>/", yearly.yearly_create, name="yearly_create"),
    path("yearly-commendations/<int:pk>/", yearly.yearly_detail, name="yearly_detail"),
    path("yearly-commendations/<int:pk>/cancel/", yearly.yearly_cancel, name="yearly_cancel"),
]
