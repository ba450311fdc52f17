from django.urls import path

from . import views

app_name = "signatures"

urlpatterns = [
    path("trust-anchors/", views.anchors, name="anchors"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/report.pdf", views.report_pdf, name="report_pdf"),
    path("reports/<int:pk>/validate/", views.revalidate, name="revalidate"),
]
