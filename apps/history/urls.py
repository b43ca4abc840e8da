from django.urls import path

from apps.history import views

app_name = "history"
urlpatterns = [
    path("import/", views.history_import_page, name="import"),
    path("import/confirm/", views.history_import_confirm, name="import_confirm"),
    path("import/template.xlsx", views.history_template_download, name="import_template"),
    path("merge/", views.merge_page, name="merge"),
]
