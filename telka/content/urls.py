from django.urls import path

from telka.lib.pagecache import public_page

from . import views
from .feeds import NewsFeed

# Read-only pages are served from the page cache to anonymous visitors. Not pages with a
# form that carries a CSRF token (event, cancellation) and not the streamed downloads.

app_name = "content"

urlpatterns = [
    path("", views.home, name="home"),
    path("news/", public_page(views.NewsListView.as_view()), name="news_list"),
    path("news/feed/", NewsFeed(), name="news_feed"),
    path("news/<slug:slug>/", public_page(views.NewsDetailView.as_view()), name="news_detail"),
    path("documents/", public_page(views.document_list), name="document_list"),
    path("documents/<int:pk>/download/", views.document_download, name="document_download"),
    path("events/", public_page(views.event_list), name="event_list"),
    path("events/calendar.ics", views.events_ical, name="events_ical"),
    path(
        "events/registration/<str:key>/cancel/",
        views.registration_cancel,
        name="registration_cancel",
    ),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
    path("events/<slug:slug>/event.ics", views.event_ical, name="event_ical"),
    path("pages/<slug:slug>/", public_page(views.PageDetailView.as_view()), name="page_detail"),
    path("search/", public_page(views.search), name="search"),
]
