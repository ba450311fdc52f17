"""Two LAGs on one installation, for the cross-LAG walk (issue 18).

The Aleksotas demo is the LAG with every kind of object (calls, proposals in every
state, checks, assessments, meetings, decisions, notices, complaints, projects and
reports, consultations, signed minutes, strategy amendments). Beside it, Kuršiai on
its own host name has its own strategy, open call, proposal, board, news, and a
person in each role: staff, assessor, board member, chair, applicant, auditor.

`object_urls(lag)` fills every URL of the site that names an object with that LAG's
rows. A URL added without an entry in OBJECT_URLS (or GLOBAL_URLS) fails the walk.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from telka.accounts.models import Organisation, User
from telka.calls import models as calls
from telka.calls import workflow as calls_flow
from telka.calls.tests.helpers import make_proposal, open_call
from telka.consultations import models as consultations
from telka.content import models as content
from telka.content.tests.builders import make_news, register
from telka.decisions import models as decisions
from telka.evaluation import models as evaluation
from telka.lag.models import (
    BoardMembership,
    BoardRole,
    LinkKind,
    LocalActionGroup,
    PersonLink,
    RoleKind,
)
from telka.lag.roles import staff_group
from telka.lag.scoping import for_lags
from telka.monitoring import models as monitoring
from telka.monitoring.workflow.annual import generate_annual_report
from telka.signatures.models import SignedDocument, Validation
from telka.strategy import models as strategy
from tests import base

HOME_HOST = "aleksotas.localhost"
OTHER_HOST = "kursiai.localhost"
# Every object of the other LAG carries this word, so a page of the home LAG that shows
# one of them is caught by its text as well as by its links.
OTHER_MARK = "Kursiai"
# ... and the demo's objects carry the name of Aleksotas.
HOME_MARK = "Aleksot"


def pk(obj) -> int:
    return obj.pk


def const(value) -> Callable:
    return lambda _obj: value


# URL name -> (model whose rows fill it, {parameter: attribute name or function}).
# A bare model fills "pk" with the row's pk.
OBJECT_URLS: dict[str, tuple] = {
    "accounts:end_link": PersonLink,
    "calls:apply": calls.Call,
    "calls:detail": calls.Call,
    "calls:document": (calls.CallDocument, {"pk": "call_id", "document": pk}),
    "calls:manage_allocations": calls.Call,
    "calls:manage_approve": calls.Call,
    "calls:manage_cancel": calls.Call,
    "calls:manage_criteria": calls.Call,
    "calls:manage_detail": calls.Call,
    "calls:manage_document_add": calls.Call,
    "calls:manage_document_delete": (calls.CallDocument, {"pk": "call_id", "document": pk}),
    "calls:manage_edit": calls.Call,
    "calls:manage_proposal": calls.Proposal,
    "calls:manage_proposal_pdf": calls.Proposal,
    "calls:manage_proposals": calls.Call,
    "calls:manage_proposals_xlsx": calls.Call,
    "calls:manage_publish": calls.Call,
    "calls:manage_start_assessment": calls.Call,
    "calls:manage_unpublish": calls.Call,
    "calls:proposal": calls.Proposal,
    "calls:proposal_check": calls.Proposal,
    "calls:proposal_section": (calls.Proposal, {"pk": pk, "section": const("project")}),
    "calls:proposal_submit": calls.Proposal,
    "calls:proposal_withdraw": calls.Proposal,
    "calls:receipt": calls.Proposal,
    "calls:budget_totals": calls.Proposal,
    "calls:attachments": calls.Proposal,
    "calls:attachment_upload": calls.Proposal,
    "calls:attachment": (calls.Attachment, {"pk": "proposal_id", "attachment": pk}),
    "calls:attachment_delete": (calls.Attachment, {"pk": "proposal_id", "attachment": pk}),
    "calls:submission_file": calls.SubmissionFile,
    "consultations:action": (consultations.Consultation, {"pk": pk, "name": const("close")}),
    "consultations:add_document": consultations.Consultation,
    "consultations:answer": consultations.Suggestion,
    "consultations:attachment": consultations.Suggestion,
    "consultations:comment": consultations.Suggestion,
    "consultations:detail": consultations.Consultation,
    "consultations:dismiss": consultations.Report,
    "consultations:document": (
        consultations.ConsultationDocument,
        {"pk": "consultation_id", "document_pk": pk},
    ),
    "consultations:edit": consultations.Consultation,
    "consultations:finish": consultations.Consultation,
    "consultations:follow": consultations.Consultation,
    "consultations:hide": (consultations.Suggestion, {"pk": pk, "kind": const("suggestion")}),
    "consultations:manage": consultations.Consultation,
    "consultations:remove_document": (
        consultations.ConsultationDocument,
        {"pk": "consultation_id", "document_pk": pk},
    ),
    "consultations:reply": consultations.Comment,
    "consultations:report_comment": consultations.Comment,
    "consultations:report_pdf": consultations.Consultation,
    "consultations:report_suggestion": consultations.Suggestion,
    "consultations:report_xlsx": consultations.Consultation,
    "consultations:restore": (consultations.Comment, {"pk": pk, "kind": const("comment")}),
    "consultations:submit": consultations.Consultation,
    "consultations:suggestion": consultations.Suggestion,
    "consultations:support": consultations.Suggestion,
    "consultations:take_part": consultations.Consultation,
    "content:document_download": content.Document,
    "content:event_detail": (content.Event, {"slug": "slug"}),
    "content:event_ical": (content.Event, {"slug": "slug"}),
    "content:news_detail": (content.News, {"slug": "slug"}),
    "content:page_detail": (content.Page, {"slug": "slug"}),
    "content:registration_cancel": (
        content.EventRegistration,
        {"key": lambda r: r.get_cancel_url().rstrip("/").split("/")[-2]},
    ),
    "decisions:adjourn": decisions.Meeting,
    "decisions:attendance": decisions.Meeting,
    "decisions:close": decisions.Meeting,
    "decisions:item_add": decisions.Meeting,
    "decisions:meeting": decisions.Meeting,
    "decisions:member_meeting": decisions.Meeting,
    "decisions:minutes": decisions.Meeting,
    "decisions:minutes_draft": decisions.Meeting,
    "decisions:minutes_for_signing": decisions.Meeting,
    "decisions:send_agenda": decisions.Meeting,
    "decisions:sign": decisions.Meeting,
    "decisions:upload_signed_minutes": decisions.Meeting,
    "decisions:written": decisions.Meeting,
    "decisions:adopt": decisions.Decision,
    "decisions:decision": decisions.Decision,
    "decisions:save_lines": decisions.Decision,
    "decisions:save_text": decisions.Decision,
    "decisions:save_votes": decisions.Decision,
    "decisions:ballot": decisions.Decision,
    "decisions:declarations": (decisions.Attendance, {"pk": "decision_pk", "member": "m_pk"}),
    "decisions:member_declare": decisions.AgendaItem,
    "decisions:agency_decision": decisions.Award,
    "decisions:agreement": decisions.Award,
    "decisions:applied": decisions.Award,
    "decisions:did_not_apply": decisions.Award,
    "decisions:invite": decisions.Award,
    "decisions:board_change": BoardMembership,
    "decisions:board_end": BoardMembership,
    "decisions:complain": decisions.Notice,
    "decisions:notice": decisions.Notice,
    "decisions:notice_pdf": decisions.Notice,
    "decisions:complaint": decisions.Complaint,
    "decisions:complaint_file": decisions.Complaint,
    "decisions:complaint_staff": decisions.Complaint,
    "decisions:operations_csv": calls.Call,
    "decisions:operations_xlsx": calls.Call,
    "decisions:results": calls.Call,
    "evaluation:assessment": evaluation.Assessment,
    "evaluation:declare": evaluation.Assessment,
    "evaluation:remove_assessor": evaluation.Assessment,
    "evaluation:assessors": calls.Proposal,
    "evaluation:check": calls.Proposal,
    "evaluation:declare_independence": calls.Proposal,
    "evaluation:designate": calls.Proposal,
    "evaluation:eligible": calls.Proposal,
    "evaluation:reject": calls.Proposal,
    "evaluation:request_clarification": calls.Proposal,
    "evaluation:scores": calls.Proposal,
    "evaluation:sheet_pdf": calls.Proposal,
    "evaluation:start_check": calls.Proposal,
    "evaluation:status": calls.Proposal,
    "evaluation:pool": calls.Call,
    "evaluation:call": calls.Call,
    "evaluation:call_declaration": calls.Call,
    "evaluation:checklist": calls.Call,
    "evaluation:ranking": calls.Call,
    "evaluation:scores_xlsx": calls.Call,
    "evaluation:clarification": evaluation.Clarification,
    "evaluation:delete_item": evaluation.ChecklistItem,
    "monitoring:accept": monitoring.Report,
    "monitoring:return": monitoring.Report,
    "monitoring:report": monitoring.Report,
    "monitoring:attachment": (monitoring.ReportAttachment, {"pk": "report_id", "attachment": pk}),
    "monitoring:annual": monitoring.AnnualReport,
    "monitoring:annual_approve": monitoring.AnnualReport,
    "monitoring:annual_pdf": monitoring.AnnualReport,
    "monitoring:annual_regenerate": monitoring.AnnualReport,
    "monitoring:annual_xlsx": monitoring.AnnualReport,
    "monitoring:complete": monitoring.Project,
    "monitoring:terminate": monitoring.Project,
    "monitoring:work": monitoring.Project,
    "monitoring:project": monitoring.Project,
    "monitoring:participants": monitoring.Project,
    "monitoring:participant_add": monitoring.Project,
    "monitoring:participants_csv": monitoring.Project,
    "monitoring:participants_xlsx": monitoring.Project,
    "monitoring:milestone_reached": (monitoring.Milestone, {"pk": "project_id", "milestone": pk}),
    "monitoring:participant": monitoring.Participant,
    "monitoring:start": calls.Proposal,
    "signatures:report": SignedDocument,
    "signatures:report_pdf": SignedDocument,
    "signatures:revalidate": SignedDocument,
    "strategy:amendment": strategy.StrategyAmendment,
    "strategy:amendment_edit": strategy.StrategyAmendment,
    "strategy:minutes": strategy.StrategyAmendment,
    "strategy:step": (strategy.StrategyAmendment, {"pk": pk, "step": const("propose")}),
    "strategy:item_add": (strategy.StrategyAmendment, {"pk": pk, "kind": const("goal")}),
    "strategy:item_edit": (
        strategy.StrategyAmendment,
        {"pk": pk, "kind": const("goal"), "item_pk": "draft_goal_pk"},
    ),
    "strategy:item_remove": (
        strategy.StrategyAmendment,
        {"pk": pk, "kind": const("goal"), "item_pk": "draft_goal_pk"},
    ),
}
# URLs that name no LAG's object: people and organisations are global (one account
# works in every LAG), a version number is each LAG's own, tokens are personal. Their
# pages on the other LAG's host are checked for that LAG's data by text and links.
GLOBAL_URLS = {
    "accounts:member_add",
    "accounts:member_remove",
    "accounts:member_role",
    "accounts:organisation_detail",
    "accounts:organisation_edit",
    "accounts:organisation_leave",
    "accounts:password_reset_confirm",
    "accounts:person",
    "accounts:person_action",
    "accounts:verify_email",
    "evaluation:tasks",
    "monitoring:dashboard_csv",
    "monitoring:dashboard_version",
    "strategy:changes",
    "strategy:first_in_force",
    "strategy:version",
}


def parameterised_url_names(patterns=None, namespace: str = "") -> set[str]:
    """Every named URL of the LAG sites (not the admin's) that takes parameters."""
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            if inner != "admin":
                names |= parameterised_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and pattern.pattern.converters:
            names.add(f"{namespace}:{pattern.name}")
    return names


def plain_paths(patterns=None, prefix: str = "") -> list[str]:
    """Every path of the LAG sites without parameters: pages, feeds, the sitemap, CSV
    and spreadsheet exports (not the admin, the API or logging out)."""
    paths = []
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            paths += plain_paths(pattern.url_patterns, prefix + route)
        elif isinstance(pattern, URLPattern) and "<" not in route and "(" not in route:
            paths.append("/" + (prefix + route).lstrip("^").replace("en/", "", 1).lstrip("/"))
    skip = ("/admin/", "/api/", "logout", "/media/")
    return sorted({p for p in paths if not any(s in p for s in skip)})


def _rows(model, lag: LocalActionGroup) -> list:
    rows = for_lags(model._default_manager.order_by("pk"), [lag.pk])
    found = [rows.first(), rows.last()]
    return [row for i, row in enumerate(found) if row is not None and row not in found[:i]]


def _value(row, spec):
    return spec(row) if callable(spec) else getattr(row, spec)


def _extra(row) -> None:
    """Values some URLs need that are not a field of the row."""
    if isinstance(row, decisions.Attendance):
        decision = decisions.Decision.objects.filter(meeting=row.meeting_id).first()
        row.decision_pk, row.m_pk = (decision.pk if decision else 0), row.membership_id
    if isinstance(row, strategy.StrategyAmendment):
        goal = strategy.Goal.objects.filter(strategy=row.draft_id).first() if row.draft_id else None
        row.draft_goal_pk = goal.pk if goal else 0


def object_urls(lag: LocalActionGroup) -> dict[str, list[str]]:
    """URL name -> the paths of up to two of `lag`'s objects (the first and the last)."""
    urls = {}
    for name, spec in OBJECT_URLS.items():
        model, params = spec if isinstance(spec, tuple) else (spec, {"pk": pk})
        paths = []
        for row in _rows(model, lag):
            _extra(row)
            paths.append(reverse(name, kwargs={k: _value(row, v) for k, v in params.items()}))
        urls[name] = paths
    return urls


@dataclass
class OtherLag:
    lag: LocalActionGroup
    people: dict[str, User] = field(default_factory=dict)
    call: calls.Call | None = None
    proposal: calls.Proposal | None = None


def person(key: str) -> User:
    return base.make_user(f"{key}@kursiai.test", f"{key.title()} Kuršietė")


def build_other_lag() -> OtherLag:
    """Kuršiai on its own host, with a person in every role and a few public objects."""
    lag = base.make_lag(
        # Not the demo's second LAG (Kuršiai, also loaded): a third one of the test's own.
        slug="kursiai",
        name="Kursiai krašto vietos veiklos grupė",
        short_name="Kursiai VVG",
        territory="Kursiai kraštas",
        vision="Kursiai kraštas – gyvas ir atviras.",
        mission="Telkti pajūrio bendruomenes.",
        host=OTHER_HOST,
    )
    other = OtherLag(lag=lag)
    people = other.people
    for key in ("staff", "assessor", "board", "chair", "applicant", "auditor", "newcomer"):
        people[key] = person(key)
    base.give_role(people["staff"], lag, RoleKind.STAFF)
    User.objects.filter(pk=people["staff"].pk).update(is_staff=True)
    people["staff"].refresh_from_db()
    people["staff"].groups.add(staff_group())
    base.give_role(people["assessor"], lag, RoleKind.ASSESSOR)
    base.give_role(people["auditor"], lag, RoleKind.AUDITOR)
    board = base.make_board(lag)
    base.seat(board, "Board Kuršietė", user=people["board"])
    chair = base.seat(board, "Chair Kuršietė", user=people["chair"])
    BoardMembership.objects.filter(pk=chair.pk).update(role=BoardRole.CHAIR)
    plan = base.make_strategy(lag, title=f"{OTHER_MARK} strategija", period_start=2023)
    other.call = open_call(lag, plan, title=f"{OTHER_MARK} kvietimas", number="1")
    organisation = base.make_organisation(
        people["applicant"], name="Pajūrio bendruomenė", legal_code="300000777"
    )
    other.proposal = make_proposal(other.call, organisation, people["applicant"])
    calls_flow.submit_proposal(proposal=other.proposal, actor=people["applicant"])
    make_news(lag, title=f"{OTHER_MARK} naujiena", slug="pamario-naujiena")
    return other


def complete_the_demo(home: LocalActionGroup) -> None:
    """Kinds of objects the demo does not hold, added to it so that the walk reaches
    their pages too: a complaint, an annual report, a signed document, a person link,
    documents of a call and of a consultation, a report of a suggestion, a registration
    for an event and a file of a project report."""
    sara = User.objects.get(email="sara@aleksotas.test")
    pdf = ContentFile(b"%PDF-1.4 Aleksotas", name="dokumentas.pdf")
    call = calls.Call.objects.filter(lag=home).order_by("pk").first()
    calls.CallDocument.objects.create(call=call, title="Aprašas", file=pdf, size=18)
    consultation = consultations.Consultation.objects.filter(lag=home).order_by("pk").first()
    consultations.ConsultationDocument.objects.create(
        consultation=consultation, title="Projektas", file=pdf
    )
    suggestion = consultations.Suggestion.objects.filter(consultation__lag=home).first()
    consultations.Report.objects.create(suggestion=suggestion, reporter=sara, reason="Šlamštas")
    event = content.Event.objects.filter(lag=home).order_by("pk").first()
    register(event, "rita@aleksotas.test", name="Rita Vaitkutė")
    report = monitoring.Report.objects.filter(project__lag=home).order_by("pk").first()
    monitoring.ReportAttachment.objects.create(
        report=report, file=pdf, name="sarasas.pdf", size=18, content_type="application/pdf"
    )
    notice = decisions.Notice.objects.filter(proposal__call__lag=home).order_by("pk").first()
    decisions.Complaint.objects.create(
        proposal=notice.proposal,
        text="Skundas dėl vertinimo.",
        status_before=notice.proposal.status,
        filed_by=User.objects.get(email="ana@aleksotas.test"),
    )
    in_force = strategy.Strategy.objects.filter(lag=home, status="in_force").get()
    generate_annual_report(strategy=in_force, year=in_force.period_start, actor=sara)
    document = SignedDocument(lag=home, title="Pasirašytas protokolas", sha256="0" * 64)
    document.file.save("protokolas.pdf", ContentFile(b"%PDF-1.4 signed"), save=False)
    document.save()
    Validation.objects.create(document=document, ok=True, anchors=1, signatures=[])
    PersonLink.objects.create(
        lag=home,
        user=User.objects.get(email="eva@aleksotas.test"),
        legal_code="300000001",
        organisation_name="Asociacija",
        kind=LinkKind.MEMBERSHIP,
        valid_from=datetime.date(2020, 1, 1),
        recorded_by=sara,
    )


def demo_personas() -> dict[str, User]:
    emails = {
        "staff": "sara",
        "assessor": "eva",
        "board": "bruno",
        "applicant": "ana",
        "resident": "rita",
    }
    return {key: User.objects.get(email=f"{name}@aleksotas.test") for key, name in emails.items()}


def organisation_of(user: User) -> Organisation:
    return Organisation.objects.filter(memberships__user=user).first()


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)
