from django.core.files.base import ContentFile
from django.urls import reverse

from telka.calls.models import Call, CallDocument, CallStatus
from tests.base import count_queries

from .helpers import PDF, ago, ahead, draft_call, open_call


def test_the_list_shows_open_upcoming_and_closed_calls(client, lag, strategy):
    open_call(lag, strategy, number="1", title="Atviras kvietimas")
    upcoming = draft_call(lag, strategy, number="2", title="Būsimas", opens_at=ahead(days=3))
    closed = draft_call(
        lag, strategy, number="3", title="Pasibaigęs", closes_at=ago(days=1), opens_at=ago(days=9)
    )
    hidden = draft_call(lag, strategy, number="4", title="Neskelbtas")
    Call.objects.filter(pk=upcoming.pk).update(
        status=CallStatus.APPROVED, published_at=ago(hours=1)
    )
    Call.objects.filter(pk=closed.pk).update(status=CallStatus.OPEN, published_at=ago(days=9))
    response = client.get(reverse("calls:list"))
    assert [c.title for c in response.context["open_calls"]] == ["Atviras kvietimas"]
    assert [c.title for c in response.context["upcoming_calls"]] == ["Būsimas"]
    assert [c.title for c in response.context["page_obj"]] == ["Pasibaigęs"]
    assert hidden.title not in response.content.decode()


def test_the_call_page_publishes_every_condition(client, lag, strategy):
    call = open_call(lag, strategy, min_score=50)
    call.tie_break_criterion = call.criteria.get(code="S1")
    call.save()
    page = client.get(call.get_absolute_url()).content.decode().replace("\xa0", " ")
    for text in [
        "Indėlis į rodiklius",
        "50 / 100",
        "50 000,00 €",
        "20 000,00 €",
        "90,00 %",
        "didesnis balas pagal kriterijų S1",
        "Teikti",
        "NVO ir bendruomeninės organizacijos",
    ]:
        assert text in page, text
    assert reverse("calls:apply", args=[call.pk]) in page


def test_a_closed_call_has_no_apply_button(client, lag, strategy):
    call = open_call(lag, strategy)
    Call.objects.filter(pk=call.pk).update(closes_at=ago(minutes=1))
    page = client.get(call.get_absolute_url()).content.decode()
    assert reverse("calls:apply", args=[call.pk]) not in page
    assert "Projektinių pasiūlymų teikti nebegalima." in page


def test_a_cancelled_call_shows_why(client, lag, strategy):
    call = open_call(lag, strategy)
    Call.objects.filter(pk=call.pk).update(
        status=CallStatus.CANCELLED, cancelled_at=ago(hours=1), cancellation_reason="Nėra lėšų."
    )
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Nėra lėšų." in page and reverse("calls:apply", args=[call.pk]) not in page


def test_documents_are_downloadable(client, lag, strategy):
    call = open_call(lag, strategy)
    document = CallDocument.objects.create(
        call=call,
        title="Kvietimo sąlygos",
        file=ContentFile(PDF, name="salygos.pdf"),
        content_type="application/pdf",
        size=len(PDF),
    )
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Kvietimo sąlygos" in page and "PDF" in page
    response = client.get(document.get_absolute_url())
    assert b"".join(response.streaming_content) == PDF


def test_the_english_page_uses_the_english_texts(client, lag, strategy):
    call = open_call(lag, strategy, title_en="Call for proposals in English")
    page = client.get("/en" + call.get_absolute_url()).content.decode()
    assert "Call for proposals in English" in page and "How proposals are selected" in page


def test_the_list_runs_the_same_number_of_queries_for_1_and_20_calls(client, lag, strategy):
    open_call(lag, strategy, number="0")
    one = count_queries(client, reverse("calls:list"))
    for number in range(1, 20):
        open_call(lag, strategy, number=str(number))
    assert count_queries(client, reverse("calls:list")) == one


def test_the_time_left_reads_naturally_in_lithuanian(client, lag, strategy):
    import datetime

    from telka.calls.templatetags.calls import time_left

    now = ago(seconds=0)
    assert time_left(now + datetime.timedelta(days=23, hours=2), now) == "3\xa0savaičių, 2\xa0dienų"
    assert time_left(now + datetime.timedelta(days=1, minutes=30), now) == "1\xa0dienos"
    call = open_call(lag, strategy)
    Call.objects.filter(pk=call.pk).update(closes_at=ahead(hours=5, minutes=10))
    page = client.get(call.get_absolute_url()).content.decode().replace("\xa0", " ")
    assert "Baigiasi po 5 valandų, 9 minučių" in page or "Baigiasi po 5 valandų, 10 minučių" in page
