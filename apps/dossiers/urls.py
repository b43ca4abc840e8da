from django.urls import path

from apps.dossiers.views import editing, pages, queue, steps

app_name = "dossiers"

STEP_PATHS = {
    "submit": "submit/",
    "start_appraisal": "appraisal/start/",
    "return": "return/",
    "pass": "pass/",
    "pass_override": "pass/override/",
    "fail": "fail/",
    "propose": "propose/",
    "decline": "decline/",
    "withdraw": "withdraw/",
}

urlpatterns = [
    path("", queue.queue, name="queue"),
    path("bright-spot/<int:bright_spot_pk>/", queue.open_for_bright_spot, name="open"),
    path("<int:pk>/", pages.detail, name="detail"),
    path("<int:pk>/pdf/", pages.pdf, name="pdf"),
    path("<int:pk>/versions/<int:number>/", pages.version, name="version"),
    path("<int:pk>/files/<int:attachment_pk>/", pages.attachment, name="attachment"),
    path(
        "<int:pk>/files/<int:attachment_pk>/remove/",
        editing.remove_attachment,
        name="remove_attachment",
    ),
    path("<int:pk>/edit/", editing.edit, name="edit"),
    path(
        "<int:pk>/edit/criteria/<int:assessment_pk>/",
        editing.edit_criterion,
        name="edit_criterion",
    ),
    path("<int:pk>/appraisal/", editing.appraisal, name="appraisal"),
    path(
        "<int:pk>/appraisal/criteria/<int:assessment_pk>/",
        editing.appraisal_criterion,
        name="appraisal_criterion",
    ),
    path("<int:pk>/letter/", editing.letter, name="letter"),
    path("<int:pk>/grants/", steps.grants, name="grants"),
    path("<int:pk>/grants/<int:user_pk>/revoke/", steps.revoke, name="revoke"),
    *[
        path(f"<int:pk>/{suffix}", steps.step, {"verb": verb}, name=verb)
        for verb, suffix in STEP_PATHS.items()
    ],
]
