from django.urls import path

from apps.reports.views import dashboard, review, showcase

app_name = "reports"
urlpatterns = [
    path("", dashboard.dashboard_view, name="dashboard"),
    path("summary/", dashboard.summary_view, name="summary"),
    path("summary.xlsx", dashboard.summary_xlsx, name="summary_xlsx"),
    path("summary.pdf", dashboard.summary_pdf, name="summary_pdf"),
    path("review/", review.review_list, name="review_list"),
    path("review/start/", review.review_start, name="review_start"),
    path("review/<int:pk>/", review.review_detail, name="review_detail"),
    path("review/<int:pk>/edit/", review.review_edit, name="review_edit"),
    path("review/<int:pk>/submit/", review.review_submit, name="review_submit"),
    path("review/<int:pk>/print/", review.review_print, name="review_print"),
    path("review/<int:pk>/pdf/", review.review_pdf, name="review_pdf"),
    path("showcase/", showcase.showcase, name="showcase"),
]
