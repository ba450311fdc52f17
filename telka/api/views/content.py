"""Published news and events (never drafts, scheduled items or registrations)."""

from django.http import HttpRequest
from django.utils.translation import gettext_noop
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view

from telka.content.models import Event, News
from telka.lag.site import current_lag

from ..caching import cached
from ..csvfiles import CSV_RESPONSE, csv_response
from ..pages import PageParams, page_of, paged
from ..schemas import EventOut, NewsOut

router = Router(tags=[gettext_noop("news and events")])


class NewsFilters(Schema):
    q: str | None = Field(
        None,
        max_length=200,
        description=gettext_noop("Words to find in the texts (accents optional)."),
    )


def _news(request: HttpRequest, filters: NewsFilters | None = None):
    news = News.objects.published().filter(lag=current_lag(request))
    if filters and filters.q:
        news = news.matching(filters.q)
    return news.order_by("-published_at", "-pk")


def _events(request: HttpRequest):
    return Event.objects.published().filter(lag=current_lag(request)).order_by("-starts_at", "-pk")


@router.get("/news", response=paged(NewsOut), summary=gettext_noop("News"))
@decorate_view(cached)
def news(request: HttpRequest, params: Query[PageParams], filters: Query[NewsFilters]):
    """Published news, newest first."""
    return page_of(request, _news(request, filters), params)


@router.get("/news.csv", summary=gettext_noop("News (CSV)"), openapi_extra=CSV_RESPONSE)
@decorate_view(cached)
def news_csv(request: HttpRequest, filters: Query[NewsFilters]):
    return csv_response(request, "news.csv", NewsOut, _news(request, filters))


@router.get("/events", response=paged(EventOut), summary=gettext_noop("Events"))
@decorate_view(cached)
def events(request: HttpRequest, params: Query[PageParams]):
    """Published events and trainings, latest start first."""
    return page_of(request, _events(request), params)


@router.get("/events.csv", summary=gettext_noop("Events (CSV)"), openapi_extra=CSV_RESPONSE)
@decorate_view(cached)
def events_csv(request: HttpRequest):
    return csv_response(request, "events.csv", EventOut, _events(request))
