from django.core.management import call_command
from pypdf import PdfReader

from telka.content.models import Document, Event, News, Page


def test_the_demo_loads_the_aleksotas_content_once_however_often_it_runs(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert News.objects.count() == 5
    assert Page.objects.count() == 2
    assert Document.objects.count() == 2
    assert Event.objects.count() == 1
    change = News.objects.get(slug="strategijos-pakeitimas-technines-kurybos-centras")
    assert "327 622,72 Eur" in change.body and "16 mėnesių" in change.body
    assert "30 months" in change.body_en
    assert (
        News.objects.get(slug="parengta-aleksoto-vietos-pletros-strategija").published_at.year
        == 2016
    )


def test_the_demo_documents_say_the_original_is_not_reproduced(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    call = Document.objects.get(updated_on="2020-01-24")
    assert call.title.startswith("Kvietimas teikti vietos plėtros projektinius pasiūlymus")
    text = PdfReader(call.file.open("rb")).pages[0].extract_text()
    assert "Originalus dokumentas šioje demonstracinėje svetainėje neatkuriamas." in " ".join(
        text.split()
    )
    assert call.size > 0 and call.type_label == "PDF"


def test_the_demo_event_is_upcoming_limited_and_says_it_is_a_demo(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    event = Event.objects.get()
    assert Event.objects.upcoming().filter(pk=event.pk).exists()
    assert event.capacity == 20 and "demonstracinis renginys" in event.description
    assert event.registration_refusal(0) == ""
