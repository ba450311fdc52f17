from django.urls import path

from . import views

app_name = "content"

urlpatterns = [
    path("", views.home, name="home"),
    path("news/", views.placeholder, name="news_list"),
    path("news/feed/", views.placeholder, name="news_feed"),
    path("documents/", views.placeholder, name="document_list"),
    path("events/", views.placeholder, name="event_list"),
    path("events/calendar.ics", views.placeholder, name="events_ical"),
    path("search/", views.placeholder, name="search"),
    path("privacy/", views.placeholder, name="privacy"),
]
