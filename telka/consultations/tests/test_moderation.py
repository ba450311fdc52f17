import pytest

from telka.audit.models import AuditEvent
from telka.consultations import workflow
from telka.consultations.models import Comment, Report, Response, Suggestion
from telka.lib.workflow import Refused
from tests.base import PASSWORD

from .builders import make_comment, make_consultation, make_suggestion


@pytest.fixture
def consultation(lag, strategy):
    return make_consultation(lag)


@pytest.fixture
def suggestion(consultation, rita):
    return make_suggestion(consultation, rita, title="Įžeidus pavadinimas", text="Įžeidus tekstas")


def test_anyone_logged_in_may_report_once(client, suggestion, otto):
    client.login(username=otto.email, password=PASSWORD)
    url = f"/en/consultations/suggestions/{suggestion.pk}/report/"
    client.post(url, {"reason": "Įžeidinėjimai"})
    response = client.post(url, {"reason": "Vėl"}, follow=True)
    assert "You have already reported this" in response.text
    assert list(Report.objects.values_list("reason", "reporter__email")) == [
        ("Įžeidinėjimai", "otto@example.test")
    ]


def test_hiding_keeps_the_reason_in_place_and_tells_the_author(
    client, suggestion, sara, rita, mailoutbox, django_capture_on_commit_callbacks
):
    Report.objects.create(suggestion=suggestion, reason="Įžeidinėjimai")
    client.login(username=sara.email, password=PASSWORD)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/consultations/manage/hide/suggestion/{suggestion.pk}/", {"reason": "Įžeidžia kitus."}
        )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.hidden_reason, suggestion.hidden_by) == ("Įžeidžia kitus.", sara)
    assert Suggestion.objects.filter(pk=suggestion.pk).exists()  # nothing deleted
    assert Report.objects.get().outcome == "hidden"
    assert [m.to for m in mailoutbox] == [["rita@example.test"]]
    assert "Įžeidžia kitus." in mailoutbox[0].body
    client.logout()
    public = client.get(f"/en/consultations/suggestions/{suggestion.pk}/").text
    listing = client.get(f"/en/consultations/{suggestion.consultation_id}/").text
    for page in (public, listing):
        assert "This suggestion was hidden by the moderators." in page
        assert "Įžeidžia kitus." in page
        assert "Įžeidus" not in page
    assert (
        client.get(f"/consultations/{suggestion.consultation_id}/?q=Įžeidus").text.count("Įžeidžia")
        == 0
    )
    client.login(username=rita.email, password=PASSWORD)
    assert "Įžeidus tekstas" in client.get(f"/en/consultations/suggestions/{suggestion.pk}/").text


def test_a_hidden_comment_shows_its_reason_to_the_public(client, suggestion, sara, otto):
    comment = make_comment(suggestion, otto, text="Šlamštas šlamštas")
    workflow.hide_content(item=comment, actor=sara, reason="Reklama.")
    page = client.get(f"/en/consultations/suggestions/{suggestion.pk}/").text
    assert "This comment was hidden by the moderators." in page
    assert "Reklama." in page
    assert "Šlamštas" not in page
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_restoring_shows_it_again_and_both_steps_are_audited(suggestion, sara):
    workflow.hide_content(item=suggestion, actor=sara, reason="Klaida")
    workflow.restore_content(item=suggestion, actor=sara)
    suggestion.refresh_from_db()
    assert (suggestion.hidden_at, suggestion.hidden_reason) == (None, "")
    actions = list(AuditEvent.objects.for_object(suggestion).values_list("action", flat=True))
    assert sorted(actions) == ["consultation.hidden", "consultation.restored"]
    with pytest.raises(Refused, match="It is not hidden"):
        workflow.restore_content(item=suggestion, actor=sara)


def test_a_dismissed_report_leaves_the_content_alone(client, suggestion, sara, otto):
    report = Report.objects.create(suggestion=suggestion, reporter=otto, reason="Nepatinka")
    client.login(username=sara.email, password=PASSWORD)
    client.post(f"/consultations/manage/reports/{report.pk}/dismiss/")
    report.refresh_from_db()
    suggestion.refresh_from_db()
    assert (report.outcome, report.handled_by, suggestion.hidden_at) == ("dismissed", sara, None)


@pytest.mark.parametrize("persona", ["rita", "otto", "eva"])
def test_residents_cannot_hide_or_answer(client, suggestion, persona, request):
    user = request.getfixturevalue(persona)
    comment = make_comment(suggestion, user)
    report = Report.objects.create(suggestion=suggestion, reason="x")
    client.login(username=user.email, password=PASSWORD)
    posts = [
        (f"/consultations/manage/hide/suggestion/{suggestion.pk}/", {"reason": "x"}),
        (f"/consultations/manage/hide/comment/{comment.pk}/", {"reason": "x"}),
        (f"/consultations/manage/restore/suggestion/{suggestion.pk}/", {}),
        (
            f"/consultations/suggestions/{suggestion.pk}/answer/",
            {"outcome": "accepted", "reasons": "x"},
        ),
        (f"/consultations/manage/reports/{report.pk}/dismiss/", {}),
        (f"/consultations/manage/{suggestion.consultation_id}/close/", {}),
        (f"/consultations/manage/{suggestion.consultation_id}/finish/", {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    suggestion.refresh_from_db()
    report.refresh_from_db()
    assert suggestion.hidden_at is None
    assert not Response.objects.exists()
    assert report.handled_at is None
    assert suggestion.consultation.status == "open"


def test_staff_see_a_dismissed_report_leave_their_waiting_count(
    client, suggestion, sara, django_capture_on_commit_callbacks
):
    report = Report.objects.create(suggestion=suggestion, reason="Įžeidinėjimai")
    client.login(username=sara.email, password=PASSWORD)
    assert "1 report to the moderators is waiting" in client.get("/en/accounts/").text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/consultations/manage/reports/{report.pk}/dismiss/")
    assert response.status_code == 302
    assert Report.objects.get().outcome == "dismissed"
    # The LAG's counts are shared by its staff until something changes: a dismissal is
    # such a change, though it only updates the report rows.
    assert "report to the moderators" not in client.get("/en/accounts/").text
