from django.urls import path

from .views import annual, dashboard

app_name = "monitoring"

urlpatterns: list = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/<int:number>/", dashboard.dashboard, name="dashboard_version"),
    path("dashboard/<int:number>/<slug:table>.csv", dashboard.dashboard_csv, name="dashboard_csv"),
    path("annual/", annual.annual_list, name="annual_list"),
    path("annual/<int:pk>/", annual.annual_detail, name="annual"),
    path("annual/<int:pk>/regenerate/", annual.annual_regenerate, name="annual_regenerate"),
    path("annual/<int:pk>/approve/", annual.annual_approve, name="annual_approve"),
    path("annual/<int:pk>/report.pdf", annual.annual_pdf_view, name="annual_pdf"),
    path("annual/<int:pk>/report.xlsx", annual.annual_xlsx_view, name="annual_xlsx"),
]
