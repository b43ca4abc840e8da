from django.urls import path

from apps.scoring import views

app_name = "scoring"

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("open/<int:cycle_id>/", views.round_open_view, name="open"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/xlsx/", views.round_xlsx, name="round_xlsx"),
    path("rounds/<int:pk>/pdf/", views.round_pdf, name="round_pdf"),
    path("rounds/<int:pk>/extend/", views.round_extend, name="extend"),
    path("sheets/<int:province_id>/", views.sheet_list, name="sheets"),
    path("rounds/<int:pk>/start/<int:unit_id>/", views.card_start, name="start"),
    path("cards/<int:pk>/", views.card_detail, name="card"),
    path("cards/<int:pk>/submit/", views.card_submit, name="submit"),
    path("cards/<int:pk>/return/", views.card_return, name="return"),
    path("cards/<int:pk>/score/", views.card_score, name="score"),
]
