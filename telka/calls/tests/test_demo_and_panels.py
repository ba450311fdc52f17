from django.core import mail
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory

from telka.accounts.models import User
from telka.calls.models import Call, CallStatus, Proposal, ProposalStatus
from telka.calls.panels import dashboard_panel, home_panel

from .helpers import open_call


def load():
    call_command("load_demo", stdout=open("/dev/null", "w"))


def test_the_demo_has_the_aleksotas_notice_and_an_open_call(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        load()
        load()
    assert mail.outbox == []  # the demo submission sends no receipt
    calls = dict(Call.objects.filter(lag__slug="aleksotas").values_list("number", "status"))
    # Call 1 is checked and assessed by the evaluation demo and decided by the decisions demo;
    # call 3 is before the board and call 4 in the formal check and assessment.
    assert calls == {
        "1": CallStatus.DECIDED,
        "2": CallStatus.OPEN,
        "3": CallStatus.DECISION_PENDING,
        "4": CallStatus.ASSESSMENT,
    }
    notice = Call.objects.get(lag__slug="aleksotas", number="1")
    assert notice.title.startswith("Kvietimas teikti vietos plėtros projektinius pasiūlymus")
    assert notice.published_at.date().isoformat() == "2020-01-24"
    proposals = Proposal.objects.filter(
        organisation__memberships__user__email="ana@aleksotas.test", call__lag__slug="aleksotas"
    )
    assert sorted(proposals.values_list("status", "reg_number")) == [
        (ProposalStatus.DRAFT, None),
        (ProposalStatus.REGISTERED, "K2-001"),
    ]
    # The same log-in applies to the second demo LAG too (one account across LAGs).
    elsewhere = Proposal.objects.get(call__lag__slug="pamarys", call__status=CallStatus.OPEN)
    assert elsewhere.organisation.memberships.filter(user__email="ana@aleksotas.test").exists()
    # Its call no. 1 closed in 2024 and was decided; no. 2 is open now.
    assert dict(Call.objects.filter(lag__slug="pamarys").values_list("number", "status")) == {
        "1": CallStatus.DECIDED,
        "2": CallStatus.OPEN,
    }


def request_for(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_the_home_panel_lists_open_calls(lag, strategy, rita):
    assert home_panel(request_for(rita)) is None
    call = open_call(lag, strategy)
    panel = home_panel(request_for(rita))
    assert panel.context["open_calls"] == [call]
    html = render_to_string(panel.template, {"panel": panel})
    assert call.get_absolute_url() in html


def test_the_dashboard_panel_shows_proposals_or_calls_to_manage(
    lag, strategy, sara, ana, organisation, rita
):
    call = open_call(lag, strategy)
    assert dashboard_panel(request_for(rita)) is None
    applicant = dashboard_panel(request_for(ana))
    assert applicant.context["open_calls"] == [call] and applicant.context["proposals"] == []
    staff = dashboard_panel(request_for(sara))
    assert staff.context["managed_calls"] == [call]
    html = render_to_string(staff.template, {"panel": staff})
    assert "/calls/manage/" in html
    assert isinstance(ana, User)
