from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.log, name="log"),
    path("audit-log.csv", views.log_csv, name="log_csv"),
]
