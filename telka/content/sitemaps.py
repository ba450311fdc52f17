"""sitemap.xml: every public page in Lithuanian and English, each with its alternate."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from telka.lag.site import lag_for_host

from .models import Event, News, Page

# Named public pages of every app (URL names); objects follow in their own sections.
STATIC_PAGES = [
    "content:home",
    "strategy:detail",
    "content:news_list",
    "content:document_list",
    "content:event_list",
    "lag:about",
    "lag:members",
    "lag:board",
    "lag:contacts",
]


class BilingualSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class StaticSitemap(BilingualSitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return STATIC_PAGES

    def location(self, item: str) -> str:
        return reverse(item)


class ObjectSitemap(BilingualSitemap):
    """Published objects of the LAG this instance serves."""

    model: type

    def get_urls(self, page=1, site=None, protocol=None):
        # The sitemap view passes the request's site; its domain is the host asked for.
        self._host = getattr(site, "domain", "")
        return super().get_urls(page=page, site=site, protocol=protocol)

    def items(self):
        lag = lag_for_host(getattr(self, "_host", ""))
        return self.model.objects.filter(lag=lag).published().only("slug", "updated_at")

    def lastmod(self, item):
        return item.updated_at


class NewsSitemap(ObjectSitemap):
    model = News


class PageSitemap(ObjectSitemap):
    model = Page


class EventSitemap(ObjectSitemap):
    model = Event


SITEMAPS = {
    "pages": StaticSitemap,
    "content": PageSitemap,
    "news": NewsSitemap,
    "events": EventSitemap,
}
