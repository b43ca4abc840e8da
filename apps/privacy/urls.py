from django.urls import path

from apps.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.notice, name="notice"),
    path("my-data/", views.mine, name="my_data"),
    path("my-data/download.json", views.mine_download, name="my_data_download"),
]
