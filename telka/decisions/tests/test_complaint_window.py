"""The complaint window in working or calendar days (issue 12, item 6): working days skip
weekends and Lithuanian public holidays, as clarification deadlines do; the notice and the
call page state the window and the notice the resulting date."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from telka.calls.models import Call, DayUnit
from telka.decisions.models import Notice
from telka.evaluation.workdays import add_working_days

from .builders import ranked
from .helpers import decide

pytestmark = pytest.mark.django_db


def test_a_call_counts_its_complaint_window_in_working_days(strategy):
    from .builders import decision_call

    call = decision_call(strategy, complaint_window_days=5)
    friday = datetime.date(2026, 12, 18)
    assert call.complaint_deadline(friday) == datetime.date(2026, 12, 23)
    call.complaint_window_unit = DayUnit.WORKING
    # 24, 25 and 26 December are public holidays, 26-27 a weekend.
    assert call.complaint_deadline(friday) == datetime.date(2026, 12, 29)


def test_the_notice_states_the_window_and_the_date_in_working_days(
    client,
    meeting,
    seats,
    sara,
    call,
    ana,
    organisation,
    lithuanian,
    django_capture_on_commit_callbacks,
):
    Call.objects.filter(pk=call.pk).update(
        complaint_window_days=10, complaint_window_unit=DayUnit.WORKING
    )
    call.refresh_from_db()
    proposal = ranked(call, 90, 20000, organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        decide(meeting, seats, sara, call.allocations.first())
    notice = Notice.objects.get(proposal=proposal)
    assert notice.complaint_deadline == add_working_days(timezone.localdate(notice.sent_at), 10)
    client.force_login(ana)
    page = client.get(reverse("decisions:notice", args=[notice.pk])).content.decode()
    assert "per 10 darbo dienų" in page
    day = notice.complaint_deadline
    assert f"{day.year} m." in page and str(day.day) in page
    call_page = client.get(call.get_absolute_url()).content.decode()
    assert "per 10 darbo dienų nuo pranešimo" in call_page
