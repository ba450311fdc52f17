"""The Atom feed of published news, in the language of its URL (/news/feed/, /en/news/feed/)."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from telka.lag.models import LocalActionGroup
from telka.lag.site import current_lag
from telka.templatetags.telka import localized

from .models import News

FEED_ITEMS = 20


class NewsFeed(Feed):
    feed_type = Atom1Feed  # `language` stays None: Feed then uses the URL's language

    def get_object(self, request: HttpRequest) -> LocalActionGroup:
        return current_lag(request)

    def title(self, lag: LocalActionGroup) -> str:
        return _("%(lag)s: news") % {"lag": lag.short_name}

    def subtitle(self, lag: LocalActionGroup) -> str:
        return lag.name

    def link(self, lag: LocalActionGroup) -> str:
        return reverse("content:news_list")

    def items(self, lag: LocalActionGroup):
        return News.objects.filter(lag=lag).published().defer("body", "body_en")[:FEED_ITEMS]

    def item_title(self, item: News) -> str:
        return localized(item, "title")

    def item_description(self, item: News) -> str:
        return localized(item, "summary")

    def item_pubdate(self, item: News) -> datetime.datetime:
        return item.published_at

    def item_updateddate(self, item: News) -> datetime.datetime:
        return max(item.updated_at, item.published_at)
