import datetime
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from telka.content.models import News
from tests.base import make_lag

from .builders import make_news


def test_the_list_shows_published_news_newest_first_and_hides_drafts_and_scheduled(client, lag):
    make_news(lag, title="Senesnė", published_at=timezone.now() - datetime.timedelta(days=9))
    make_news(lag, title="Naujesnė", published_at=timezone.now() - datetime.timedelta(days=1))
    make_news(lag, title="Juodraštis", is_published=False)
    make_news(lag, title="Suplanuota", published_at=timezone.now() + datetime.timedelta(days=1))
    make_news(make_lag(slug="kita", name="Kita VVG"), title="Kitos VVG naujiena")
    text = client.get("/news/").text
    assert text.index("Naujesnė") < text.index("Senesnė")
    for hidden in ["Juodraštis", "Suplanuota", "Kitos VVG naujiena"]:
        assert hidden not in text


def test_drafts_scheduled_and_foreign_news_are_not_found(client, lag):
    drafts = [
        make_news(lag, is_published=False),
        make_news(lag, published_at=timezone.now() + datetime.timedelta(hours=1)),
        make_news(make_lag(slug="kita", name="Kita VVG")),
    ]
    for news in drafts:
        assert client.get(f"/news/{news.slug}/").status_code == 404


def test_the_list_is_paginated_ten_a_page(client, lag):
    for number in range(12):
        make_news(lag, title=f"Naujiena nr. {number:02d}")
    first, second = client.get("/en/news/").text, client.get("/en/news/?page=2").text
    assert first.count('class="news-item') == 10 and second.count('class="news-item') == 2
    assert "Page 1 of 2" in first and 'rel="next"' in first


def test_search_ignores_case_and_lithuanian_accents_and_reads_the_english_text(client, lag):
    make_news(lag, title="Kvietimas teikti projektinius pasiūlymus", title_en="Call for proposals")
    make_news(lag, title="Valdybos posėdis")
    assert "Kvietimas teikti" in client.get("/news/?q=PASIULYMUS").text
    found = client.get("/en/news/?q=proposals")
    assert "Call for proposals" in found.text and "posėdis" not in found.text
    assert "1 news item found for “proposals”." in found.text
    assert "No news matches “zuikis”." in client.get("/en/news/?q=zuikis").text


def test_search_keeps_the_query_when_moving_between_pages(client, lag):
    for number in range(11):
        make_news(lag, title=f"Mokymai {number}")
    text = client.get("/en/news/?q=mokymai").text
    assert 'href="?q=mokymai&amp;page=2"' in text


def test_the_detail_shows_the_english_text_and_sanitises_the_body(client, lag):
    news = make_news(
        lag,
        title="Strategija",
        title_en="The strategy",
        body_en='<p onclick="x()">Ready <script>alert(1)</script><a href="javascript:x">x</a></p>',
    )
    news.refresh_from_db()
    assert "<script" not in news.body_en and "onclick" not in news.body_en
    text = client.get(f"/en/news/{news.slug}/").text
    assert '<h1 lang="en">The strategy</h1>' in text
    assert "Ready" in text and "alert(1)" not in text and "javascript:" not in text


def test_a_lithuanian_only_news_item_is_marked_lithuanian_on_the_english_page(client, lag):
    news = make_news(lag, title="Tik lietuviškai")
    assert '<h1 lang="lt">Tik lietuviškai</h1>' in client.get(f"/en/news/{news.slug}/").text


def test_a_photo_needs_a_description_for_people_who_cannot_see_it(lag, settings):
    news = News(lag=lag, title="Su nuotrauka", slug="su-nuotrauka", summary="S", photo="news/a.jpg")
    with pytest.raises(ValidationError) as error:
        news.full_clean()
    assert error.value.message_dict["photo_alt"] == [
        "Aprašykite nuotrauką tiems, kurie jos nemato."
    ]


def test_the_photo_and_its_description_are_shown(client, lag):
    buffer = BytesIO()
    Image.new("RGB", (30, 20), "green").save(buffer, "JPEG")
    news = make_news(lag, photo_alt="Gyventojai prie Nemuno", photo_alt_en="Residents by the river")
    news.photo.save("foto.jpg", SimpleUploadedFile("foto.jpg", buffer.getvalue()))
    text = client.get(f"/en/news/{news.slug}/").text
    assert f'src="{news.photo.url}" alt="Residents by the river"' in text
    assert 'alt="Residents by the river"' in client.get("/en/news/").text


def test_feed_is_a_reserved_news_address(lag):
    with pytest.raises(ValidationError) as error:
        News(lag=lag, title="Srautas", slug="feed", summary="S").full_clean()
    assert "slug" in error.value.message_dict
