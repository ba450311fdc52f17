"""URLs outside the language prefix: robots.txt and sitemap.xml."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
