"""Machine-readable views: the Atom feed, iCal files, sitemap.xml and robots.txt."""

import datetime
import re
import xml.etree.ElementTree as ET

from django.utils import timezone

from .builders import make_event, make_news, make_page

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_the_atom_feed_parses_and_lists_published_news_only(client, lag):
    published = make_news(lag, title="Paskelbta", title_en="Published", summary_en="In English.")
    make_news(lag, title="Juodraštis", is_published=False)
    make_news(lag, title="Vėliau", published_at=timezone.now() + datetime.timedelta(days=2))
    response = client.get("/en/news/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}title").text == "Aleksoto VVG: news"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["Published"]
    assert entries[0].find(f"{ATOM}summary").text == "In English."
    link = entries[0].find(f"{ATOM}link").get("href")
    assert link == f"http://testserver/en/news/{published.slug}/"


def test_the_lithuanian_feed_is_in_lithuanian(client, lag):
    make_news(lag, title="Paskelbta", title_en="Published")
    feed = ET.fromstring(client.get("/news/feed/").content)
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "lt"
    assert feed.find(f"{ATOM}entry/{ATOM}title").text == "Paskelbta"


def unfold(body: str) -> list[str]:
    return body.replace("\r\n ", "").split("\r\n")


def test_the_event_calendar_is_valid_icalendar(client, lag):
    make_event(
        lag,
        title="Mokymai; pareiškėjams, ir ne tik",
        description="Pirma eilutė\nAntra: " + "ilgas žodis ąčęėįšųūž " * 8,
        capacity=20,
    )
    make_event(lag, title="Praėjęs", in_days=-5)
    response = client.get("/events/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")  # every line ends in CRLF
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    lines = unfold(body)
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == 1
    assert {"VERSION:2.0", "SUMMARY:Mokymai\\; pareiškėjams\\, ir ne tik"} <= set(lines)
    for prefix in ["PRODID:", "UID:event-", "DTSTAMP:", "DTSTART:", "DTEND:"]:
        assert any(line.startswith(prefix) for line in lines), prefix
    [start] = [line for line in lines if line.startswith("DTSTART:")]
    assert re.fullmatch(r"DTSTART:\d{8}T\d{6}Z", start)
    assert any(line.startswith("DESCRIPTION:Pirma eilutė\\nAntra: ilgas žodis") for line in lines)


def test_one_event_downloads_as_its_own_file(client, lag):
    event = make_event(lag, title="Renginys", title_en="Event")
    response = client.get(f"/en/events/{event.slug}/event.ics")
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    lines = unfold(response.content.decode())
    assert "SUMMARY:Event" in lines
    assert f"URL:http://testserver/en/events/{event.slug}/" in lines


def test_the_sitemap_lists_every_public_page_in_both_languages(client, lag):
    news, page = make_news(lag), make_page(lag)
    event = make_event(lag)
    make_news(lag, title="Juodraštis", slug="juodrastis", is_published=False)
    response = client.get("/sitemap.xml")
    urls = ET.fromstring(response.content).findall(f"{SITEMAP}url")
    locations = {u.find(f"{SITEMAP}loc").text.removeprefix("http://testserver") for u in urls}
    for path in [
        "/",
        "/strategy/",
        "/about/",
        "/about/board/",
        "/documents/",
        f"/news/{news.slug}/",
        f"/pages/{page.slug}/",
        f"/events/{event.slug}/",
    ]:
        assert {path, "/en" + path} <= locations, path
    assert "/news/juodrastis/" not in locations
    [home] = [u for u in urls if u.find(f"{SITEMAP}loc").text == "http://testserver/"]
    alternates = {a.get("hreflang"): a.get("href") for a in home.findall(f"{XHTML}link")}
    assert alternates["en"] == "http://testserver/en/"


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_private_pages(client, lag):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
    assert "Disallow: /admin/" in response.text
    assert "Disallow: /events/registration/" in response.text
