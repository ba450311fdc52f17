from django.urls import path

from . import views
from .feeds import NewsFeed

app_name = "content"

urlpatterns = [
    path("", views.home, name="home"),
    path("news/", views.NewsListView.as_view(), name="news_list"),
    path("news/feed/", NewsFeed(), name="news_feed"),
    path("news/<slug:slug>/", views.NewsDetailView.as_view(), name="news_detail"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("events/", views.event_list, name="event_list"),
    path("events/calendar.ics", views.events_ical, name="events_ical"),
    path(
        "events/registration/<str:key>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
    path("events/<slug:slug>/event.ics", views.event_ical, name="event_ical"),
    path("pages/<slug:slug>/", views.PageDetailView.as_view(), name="page_detail"),
    path("search/", views.search, name="search"),
    path("privacy/", views.placeholder, name="privacy"),
]
