"""The onboarding pages, included in telka.network.urls (the network's own site)."""

from django.urls import path

from . import onboarding_views as views

app_name = "onboarding"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("", views.lags, name="lags"),
    path("assessors/", views.assessor_pool, name="assessors"),
    path("assessors/remove/", views.remove_assessor, name="remove_assessor"),
    path("strategy-template.xlsx", views.template_download, name="template"),
    path("<slug:slug>/strategy/", views.strategy, name="strategy"),
    path("<slug:slug>/strategy/in-force/", views.put_in_force, name="in_force"),
]
