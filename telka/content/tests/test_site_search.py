"""Site search over every public object (issue 15, finding 4): news, pages, documents,
events, calls, funded projects, consultations and strategy measures; accents folded and
Lithuanian endings tolerated, in the query and in the data; the same on SQLite and
PostgreSQL (run with DATABASE_URL=postgres://…); a bounded number of queries."""

import pytest
from django.utils import timezone

from telka.calls.models import Call
from telka.calls.tests.helpers import open_call
from telka.consultations.tests.builders import make_consultation
from telka.lib.search import fold, stem, terms
from telka.monitoring.models import Project
from telka.monitoring.tests.builders import make_project
from telka.strategy.models import Measure, StrategyStatus
from tests.base import count_queries, make_lag, make_strategy

from .builders import make_document, make_event, make_news, make_page

KINDS = [
    "News item",
    "Page",
    "Document",
    "Event",
    "Call",
    "Funded project",
    "Consultation",
    "Strategy measure",
]


def every_kind(lag, strategy, word: str) -> None:
    """One public object of each kind whose text holds `word` (in some inflection)."""
    make_news(lag, title=f"Naujiena apie {word}")
    make_page(lag, title="Puslapis", body=f"<p>Apie {word}.</p>")
    make_document(lag, title="Dokumentas", description=f"Aprašas: {word}")
    make_event(lag, title="Renginys", description=f"Kalbėsime apie {word}.")
    call = open_call(lag, strategy)
    Call.objects.filter(pk=call.pk).update(summary=f"Remiama: {word}")
    project = make_project(strategy, call=call)
    Project.objects.filter(pk=project.pk).update(title=f"Projektas: {word}")
    make_consultation(lag, title="Konsultacija", text=f"Klausiame apie {word}.")
    Measure.objects.filter(objective__goal__strategy=strategy, code="1.1.1").update(
        description=f"Remiamos {word}"
    )


def kinds_found(client, query: str, prefix: str = "/en") -> list[str]:
    text = client.get(f"{prefix}/search/", {"q": query}).text
    return [kind for kind in KINDS if f'class="tag">{kind}<' in text]


def test_it_finds_every_kind_of_public_object(client, lag, strategy):
    every_kind(lag, strategy, "bendruomenės šventės")
    assert kinds_found(client, "bendruomenės šventės") == KINDS


def test_it_folds_accents_and_tolerates_lithuanian_endings(client, lag, strategy):
    every_kind(lag, strategy, "jaunimo užimtumą")
    # No diacritics, other cases: genitive plural, dative, nominative.
    assert kinds_found(client, "jaunimui uzimtumo") == KINDS
    assert kinds_found(client, "JAUNIMAS užimtumas") == KINDS
    assert kinds_found(client, "jaunuoliai") == []


def test_it_leaves_out_what_is_not_public(client, lag, strategy):
    other = make_lag(slug="kita", name="Kita VVG")
    make_news(other, title="Kitos VVG šventė")
    make_event(lag, title="Nepaskelbta šventė", is_published=False)
    draft = make_strategy(lag, status=StrategyStatus.DRAFT, version=2)
    Measure.objects.filter(objective__goal__strategy=draft).update(title="Šventės projekto")
    call = open_call(lag, strategy, number="9")
    Call.objects.filter(pk=call.pk).update(published_at=None, title="Šventės kvietimas")
    make_consultation(lag, status="draft", title="Šventės juodraštis")
    assert client.get("/en/search/", {"q": "svente"}).text.count('class="item-title"') == 0


def test_a_too_long_query_says_so(client, lag):
    make_news(lag, title="Šventė")
    text = client.get("/en/search/", {"q": "šventė " * 714}).text
    assert "The search is too long: use at most 200 characters (it has 4997)." in text
    assert "Nothing found" not in text
    lithuanian = client.get("/search/", {"q": "x" * 5000}).text
    assert "Paieška per ilga" in lithuanian


def test_too_many_words_say_so(client, lag):
    text = client.get("/en/search/", {"q": "a b c d e f g h i"}).text
    assert "The search has too many words: use at most 8." in text


def test_the_number_of_queries_does_not_grow_with_the_hits(client, lag, strategy):
    every_kind(lag, strategy, "šventė")
    url = "/en/search/?q=svente"
    few = count_queries(client, url)  # the page cache is refreshed by every save below
    for number in range(15):
        make_news(lag, title=f"Šventė {number}")
        make_event(lag, title=f"Šventė {number}")
        make_consultation(lag, title=f"Šventė {number}")
    assert count_queries(client, url) == few <= 12
    assert "53 results" in client.get(url).text


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("kvietimai", "kvietim"),
        ("kvietimų", "kvietim"),
        ("Kvietimas", "kvietim"),
        ("dirbtuvėse", "dirbtuv"),
        ("jaunimui", "jaunim"),
        ("renginiai", "rengin"),
        ("projects", "project"),
        ("VVG", "vvg"),
        ("namai", "nama"),
    ],
)
def test_the_stemmer_cuts_endings_but_keeps_four_letters(word, expected):
    assert stem(fold(word)) == expected


def test_terms_fold_every_lithuanian_letter():
    assert terms("ąčęėįšųūž") == ["aceeisuuz"]
    assert fold("Ą Č Ę Ė Į Š Ų Ū Ž") == "a c e e i s u u z"


def test_dates_of_hits_are_local(client, lag):
    make_event(lag, title="Šventė")
    text = client.get("/en/search/", {"q": "svente"}).text
    assert timezone.localdate().year > 2000 and 'class="tag">Event<' in text
