from telka.lib.search import fold
from tests.base import make_lag

from .builders import make_document, make_news, make_page


def test_it_finds_news_pages_and_documents_with_title_matches_first(client, lag):
    make_news(lag, title="Valdybos posėdis", summary="Aptartas kvietimas ir jo sąlygos.")
    make_page(lag, title="Kvietimų tvarka", body="<p>Kaip skelbiami kvietimai.</p>")
    make_document(lag, title="Kvietimas Nr. 3", description="Sąlygos")
    text = client.get("/en/search/?q=kvietim").text
    assert "3 results for “kvietim”." in text
    assert text.index("Kvietim") < text.index("Valdybos posėdis")
    for kind in ['class="tag">News item<', 'class="tag">Page<', 'class="tag">Document<']:
        assert kind in text


def test_it_searches_the_english_texts_and_ignores_accents(client, lag):
    make_page(lag, title="Teritorija", title_en="Territory", body="<p>Šilainiai</p>")
    assert "Teritorija" in client.get("/search/?q=territory").text
    assert "Teritorija" in client.get("/search/?q=SILAINIAI").text


def test_it_needs_every_word(client, lag):
    make_news(lag, title="Socialinė atskirtis", summary="Vaikai")
    make_news(lag, title="Socialinis verslas", summary="Įmonės")
    text = client.get("/search/?q=socialin+vaikai").text
    assert "Socialinė atskirtis" in text and "Socialinis verslas" not in text


def test_it_leaves_out_drafts_and_other_lags(client, lag):
    make_news(lag, title="Juodraštis apie strategiją", is_published=False)
    make_page(lag, title="Nepaskelbta strategija", is_published=False)
    make_document(lag, title="Paslėpta strategija", is_published=False)
    make_news(make_lag(slug="kita", name="Kita VVG"), title="Kitos strategija")
    text = client.get("/en/search/?q=strategij").text
    assert "Nothing found for “strategij”." in text


def test_it_is_paginated(client, lag):
    for number in range(12):
        make_news(lag, title=f"Mokymai {number}")
    first, second = (
        client.get("/en/search/?q=mokymai").text,
        client.get("/en/search/?q=mokymai&page=2").text,
    )
    assert "12 results" in first and first.count('class="item-title"') == 10
    assert second.count('class="item-title"') == 2


def test_folding_drops_tags_accents_and_case():
    assert fold("<p>Į</p><p>ŠĮ Kvietimą</p>") == "i si kvietima"
