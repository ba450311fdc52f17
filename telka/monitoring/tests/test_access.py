"""INV-34 and who may do what: every URL of the monitoring app (and the public pages
that show projects) walked as an anonymous visitor, a resident and the promoter of
another project. Participant names, contacts and years of birth never appear, and every
page that is not public is refused (a redirect to log in, 403 or 404)."""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, reverse

from telka.audit.models import AuditEvent
from telka.monitoring import urls as monitoring_urls
from telka.monitoring.models import ReportAttachment
from telka.monitoring.permissions import (
    can_edit_report,
    can_manage_projects,
    can_review_report,
    can_work_on,
    is_promoter_of,
)
from telka.monitoring.workflow import reports as flow

from .helpers import SECRET_CONTACT, SECRET_NAME, add_participant, full_input

pytestmark = pytest.mark.django_db

PUBLIC = {"project_list", "project", "dashboard", "dashboard_version", "dashboard_csv"}
SECRETS = [SECRET_NAME, SECRET_CONTACT, "1987"]


@pytest.fixture
def world(project, other_project, ana, sara):
    """Ana's project with a participant, an accepted and a submitted report, an
    attachment and a milestone; another project with its own participant."""
    participant = add_participant(project)
    add_participant(other_project, full_name="Kito Projekto Dalyvis")
    first, second = project.reports.order_by("sequence")[:2]
    flow.submit_report(report=first, actor=ana, data=full_input(first))
    flow.accept_report(report=first, actor=sara, paid_amount=Decimal(100))
    attachment = ReportAttachment.objects.create(
        report=second,
        file=ContentFile(b"%PDF-1.4 " + SECRET_NAME.encode(), name="sarasas.pdf"),
        name="dalyviu-sarasas.pdf",
        size=20,
        content_type="application/pdf",
    )
    milestone = project.milestones.create(title="Atidarymas", due_on=first.period_end)
    return {
        "pk": {
            "project": project.pk,
            "work": project.pk,
            "complete": project.pk,
            "terminate": project.pk,
            "participants": project.pk,
            "participant_add": project.pk,
            "participants_csv": project.pk,
            "participants_xlsx": project.pk,
            "milestone_reached": project.pk,
            "participant": participant.pk,
            "start": project.proposal_id,
        },
        "report": second.pk,
        "attachment": attachment.pk,
        "milestone": milestone.pk,
        "project": project,
    }


def _kwargs(pattern: URLPattern, world: dict) -> dict:
    wanted = pattern.pattern.converters.keys()
    values = {
        "pk": world["pk"].get(pattern.name, world["report"]),
        "attachment": world["attachment"],
        "milestone": world["milestone"],
        "year": 2026,
        "number": world["project"].strategy.version,
        "table": "indicators",
    }
    return {name: values.get(name, world["project"].pk) for name in wanted}


def _every_url(world: dict) -> list[tuple[str, str]]:
    found = []
    for pattern in monitoring_urls.urlpatterns:
        if isinstance(pattern, URLPattern) and pattern.name:
            url = reverse(f"monitoring:{pattern.name}", kwargs=_kwargs(pattern, world))
            found.append((pattern.name, url))
    return found


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _refused(response) -> bool:
    if response.status_code == 302:
        return "/accounts/login/" in response["Location"]
    return response.status_code in {403, 404, 405}


@pytest.mark.parametrize("who", ["anonymous", "rita", "omar"])
def test_participant_data_never_reaches_the_public_or_other_promoters(client, world, who, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    pages = _every_url(world) + [
        ("home", reverse("content:home")),
        ("strategy", reverse("strategy:detail")),
    ]
    for name, url in pages:
        for method in (client.get, client.post):
            response = method(url)
            body = _body(response)
            for secret in SECRETS:
                assert secret not in body, (who, name, method.__name__, secret)
            if name in PUBLIC or name in {"home", "strategy"}:
                continue
            if name in MY_OWN and who != "anonymous":
                continue
            assert _refused(response), (who, name, method.__name__, response.status_code)
    assert not world["project"].participants.exclude(full_name=SECRET_NAME).exists()


# Pages about the visitor's own work: shown to any logged-in user (empty for strangers).
MY_OWN = {"my_projects"}


def test_the_public_pages_are_open_to_everyone(client, world):
    assert client.get(reverse("monitoring:project_list")).status_code == 200
    page = client.get(reverse("monitoring:project", args=[world["project"].pk]))
    assert page.status_code == 200
    assert "Kito Projekto Dalyvis" not in _body(page)


def test_the_promoter_and_staff_see_the_participants(client, world, ana, sara):
    project = world["project"]
    for user in (ana, sara):
        client.force_login(user)
        assert SECRET_NAME in _body(
            client.get(reverse("monitoring:participants", args=[project.pk]))
        )
        csv = _body(client.get(reverse("monitoring:participants_csv", args=[project.pk])))
        assert SECRET_NAME in csv and SECRET_CONTACT in csv
        xlsx = client.get(reverse("monitoring:participants_xlsx", args=[project.pk]))
        assert xlsx.status_code == 200 and xlsx["Content-Type"].endswith("sheet")
    exports = AuditEvent.objects.filter(action="participants.exported", object_id=str(project.pk))
    assert sorted(e.changes["format"] for e in exports) == ["csv", "csv", "xlsx", "xlsx"]
    assert {e.actor for e in exports} == {ana, sara}


def test_a_promoter_does_not_see_another_projects_participants(client, world, omar, ana):
    client.force_login(ana)
    other = world["project"].lag.projects.exclude(pk=world["project"].pk).get()
    assert client.get(reverse("monitoring:participants", args=[other.pk])).status_code == 404
    page = _body(client.get(reverse("monitoring:my_projects")))
    assert other.title not in page or other.title == world["project"].title


# --- Predicates: allow and deny per role ------------------------------------------


def test_staff_manage_projects_and_nobody_else(project, sara, ana, rita, omar, bruno, eva):
    assert can_manage_projects(sara, project.lag)
    for user in (ana, rita, omar, bruno, eva):
        assert not can_manage_projects(user, project.lag), user


def test_the_promoter_works_on_their_own_project_only(
    project, other_project, ana, omar, rita, sara
):
    assert is_promoter_of(ana, project) and can_work_on(ana, project)
    assert not can_work_on(ana, other_project)
    assert not can_work_on(omar, project)
    assert not can_work_on(rita, project)
    assert can_work_on(sara, project) and not is_promoter_of(sara, project)


def test_only_the_promoter_edits_and_only_staff_review(project, ana, sara, omar):
    report = project.reports.get(sequence=1)
    assert can_edit_report(ana, report)
    assert not can_edit_report(sara, report) and not can_edit_report(omar, report)
    assert not can_review_report(sara, report)  # nothing submitted yet
    flow.submit_report(report=report, actor=ana, data=full_input(report))
    report.refresh_from_db()
    assert can_review_report(sara, report)
    assert not can_review_report(ana, report) and not can_edit_report(ana, report)


def test_an_inactive_promoter_is_refused(project, ana):
    ana.is_active = False
    ana.save(update_fields=["is_active"])
    assert not is_promoter_of(ana, project)
