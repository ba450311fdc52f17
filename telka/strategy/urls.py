from django.urls import path

from . import views

app_name = "strategy"

urlpatterns = [
    path("", views.detail, name="detail"),
]
