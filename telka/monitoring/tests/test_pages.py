"""The pages: public project list and page, the staff's list and start form, the
promoter's project, report form and review; query counts that do not grow with rows."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from telka.audit.models import AuditEvent
from telka.calls.models import ProposalStatus
from telka.monitoring.models import Project, ReportStatus
from telka.monitoring.workflow import reports as flow
from tests.base import count_queries

from .builders import make_project
from .helpers import SECRET_NAME, add_participant, full_input

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(project, ana, sara):
    report = project.reports.get(sequence=1)
    flow.submit_report(report=report, actor=ana, data=full_input(report, value=Decimal(8)))
    return flow.accept_report(report=report, actor=sara, paid_amount=Decimal(3000))


def _in(language: str, name: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


@pytest.mark.parametrize("language", ["lt", "en"])
def test_the_public_project_page_shows_progress_and_counts_only(
    client, project, accepted, language
):
    add_participant(project)
    add_participant(
        project,
        full_name="Kitas Žmogus",
        exited_on=None,
        status_at_exit="",
        status_after_six_months="",
    )
    page = client.get(_in(language, "monitoring:project", project.pk)).content.decode()
    assert project.title in page
    assert project.promoter.name in page
    assert 'value="40.00"' in page  # 8 of 20 planned: the meter
    assert SECRET_NAME not in page and "Kitas Žmogus" not in page
    assert "1987" not in page
    assert ("fewer than 5" if language == "en" else "mažiau nei 5") in page  # 2 took part


def test_the_public_list_is_searchable_and_filtered_by_measure(client, strategy, project, call):
    other_measure = strategy.goals.first().objectives.first().measures.order_by("position").last()
    other = make_project(strategy, call=call)
    Project.objects.filter(pk=other.pk).update(measure=other_measure, title="Senjorų klubas")
    url = reverse("monitoring:project_list")
    assert "Senjorų klubas" in client.get(url).content.decode()
    page = client.get(url, {"q": "senjor"}).content.decode()
    assert "Senjorų klubas" in page and project.title not in page
    page = client.get(url, {"measure": project.measure_id}).content.decode()
    assert "Senjorų klubas" not in page and project.title in page


def test_public_lists_run_the_same_queries_for_1_and_20_projects(client, strategy, call, project):
    def counts():
        return [
            count_queries(client, reverse("monitoring:project_list")),
            count_queries(client, reverse("monitoring:project", args=[project.pk])),
        ]

    one = counts()
    for _n in range(19):
        made = make_project(strategy, call=call)
        add_participant(made)
        add_participant(project)
    assert counts() == one


def test_the_staff_lists_run_the_same_queries_for_1_and_20_projects(
    client, sara, strategy, call, project, ana
):
    client.force_login(sara)
    add_participant(project)

    def counts():
        return [
            count_queries(client, reverse("monitoring:manage")),
            count_queries(client, reverse("monitoring:waiting")),
            count_queries(client, reverse("monitoring:participants", args=[project.pk])),
        ]

    one = counts()
    from .builders import contracted_proposal

    contracted_proposal(call)
    one = counts()
    for _n in range(19):
        make_project(strategy, call=call)
        contracted_proposal(call)
        add_participant(project)
    assert counts() == one
    client.force_login(ana)
    assert count_queries(client, reverse("monitoring:my_projects")) <= 12


def test_staff_filter_projects_with_overdue_reports(client, sara, project, other_project):
    client.force_login(sara)
    other_project.reports.update(status=ReportStatus.ACCEPTED)
    page = client.get(reverse("monitoring:manage"), {"overdue": "on"}).content.decode()
    assert project.number in page and "overdue" in page
    assert reverse("monitoring:work", args=[other_project.pk]) not in page


def test_staff_start_a_project_through_the_form(client, sara, contracted):
    client.force_login(sara)
    url = reverse("monitoring:start", args=[contracted.pk])
    assert contracted.reg_number in client.get(reverse("monitoring:waiting")).content.decode()
    assert "40" in client.get(url).content.decode()
    plan = contracted.indicator_plans.get()
    response = client.post(
        url,
        {
            "starts_on": "2026-02-01",
            "ends_on": "2027-01-31",
            "report_every_months": "6",
            "due_days": "30",
            "summary": "Santrauka visiems",
            "milestones": "2026-06-30 Įranga nupirkta\n\n2026-12-01 Mokymai",
            f"planned_{plan.indicator_id}": "45",
        },
    )
    project = Project.objects.get(proposal=contracted)
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:work", args=[project.pk])
    assert project.milestones.count() == 2
    assert project.indicators.get().planned_value == Decimal(45)
    contracted.refresh_from_db()
    assert contracted.status == ProposalStatus.IN_IMPLEMENTATION


def test_a_bad_milestone_line_is_shown_and_nothing_starts(client, sara, contracted):
    client.force_login(sara)
    response = client.post(
        reverse("monitoring:start", args=[contracted.pk]),
        {
            "starts_on": "2026-02-01",
            "ends_on": "2027-01-31",
            "report_every_months": "6",
            "due_days": "30",
            "milestones": "kitą savaitę mokymai",
        },
    )
    assert response.status_code == 200
    assert "start with a date" in response.content.decode()
    assert not Project.objects.exists()


def _report_post(report, **extra):
    data = {
        "activities": "Mokymai surengti",
        "participants_count": "10",
        **{f"value_{p.indicator_id}": "3" for p in report.project.indicators.all()},
        **{f"spent_{line.pk}": "100" for line in report.project.proposal.budget_lines.all()},
    }
    return {**data, **extra}


def test_the_promoter_fills_in_saves_and_submits_a_report(
    client, ana, project, sara, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(ana)
    report = project.reports.get(sequence=1)
    url = reverse("monitoring:report", args=[report.pk])
    page = client.get(url).content.decode()
    assert "Koordinatorius" in page and "Spent before" in page
    response = client.post(url, _report_post(report, **{"save": ""}))
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.DUE and report.activities == "Mokymai surengti"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _report_post(report, submit=""), follow=True)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert "The report is submitted" in response.content.decode()
    assert [m.to for m in mailoutbox] == [[sara.email]]


def test_a_refused_submission_shows_the_reasons_and_keeps_the_typing(client, ana, project):
    client.force_login(ana)
    report = project.reports.get(sequence=1)
    data = _report_post(report, submit="")
    data["activities"] = ""
    first_line = project.proposal.budget_lines.first()
    data[f"spent_{first_line.pk}"] = "-5"
    response = client.post(reverse("monitoring:report", args=[report.pk]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Expenditure cannot be negative." in page
    assert 'value="-5"' in page
    report.refresh_from_db()
    assert report.status == ReportStatus.DUE
    assert not report.expenditures.exists()


def test_staff_accept_and_return_from_the_report_page(client, sara, ana, project):
    report = project.reports.get(sequence=1)
    flow.submit_report(report=report, actor=ana, data=full_input(report))
    client.force_login(sara)
    page = client.get(reverse("monitoring:report", args=[report.pk])).content.decode()
    assert "Accept the report" in page and "Return for correction" in page
    response = client.post(
        reverse("monitoring:return", args=[report.pk]), {"return-comment": ""}, follow=True
    )
    assert "Say what the promoter must correct." in response.content.decode()
    client.post(
        reverse("monitoring:return", args=[report.pk]), {"return-comment": "Pridėkite sąskaitas"}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    client.force_login(ana)
    page = client.get(reverse("monitoring:report", args=[report.pk])).content.decode()
    assert "Pridėkite sąskaitas" in page and "Submit the report" in page
    client.post(reverse("monitoring:report", args=[report.pk]), _report_post(report, submit=""))
    client.force_login(sara)
    client.post(reverse("monitoring:accept", args=[report.pk]), {"accept-paid_amount": "1500"})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED and report.paid_amount == Decimal(1500)


def test_a_promoter_cannot_review_their_own_report(client, ana, project):
    report = project.reports.get(sequence=1)
    flow.submit_report(report=report, actor=ana, data=full_input(report))
    client.force_login(ana)
    response = client.post(
        reverse("monitoring:accept", args=[report.pk]), {"accept-paid_amount": "1"}
    )
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_staff_see_but_do_not_edit_a_due_report(client, sara, project):
    client.force_login(sara)
    report = project.reports.get(sequence=1)
    page = client.get(reverse("monitoring:report", args=[report.pk])).content.decode()
    assert "Submit the report" not in page
    client.post(reverse("monitoring:report", args=[report.pk]), _report_post(report, save=""))
    report.refresh_from_db()
    assert report.activities == ""


def test_attachments_are_checked_by_content(client, ana, project):
    client.force_login(ana)
    report = project.reports.get(sequence=1)
    url = reverse("monitoring:report", args=[report.pk])
    fake = SimpleUploadedFile("saskaita.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(url, _report_post(report, attach="1", file=fake))
    assert response.status_code == 200
    assert "is not a PDF" in response.content.decode()
    assert not report.attachments.exists()
    client.post(url, _report_post(report, attach="1", file=_pdf()))
    attachment = report.attachments.get()
    assert attachment.content_type == "application/pdf"
    download = client.get(reverse("monitoring:attachment", args=[report.pk, attachment.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="report.attached").exists()
    client.post(url, _report_post(report, remove=str(attachment.pk)))
    assert not report.attachments.exists()
    assert AuditEvent.objects.filter(action="report.attachment_removed").exists()


def _pdf():
    return SimpleUploadedFile("saskaita.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def test_attaching_a_file_keeps_what_was_typed(client, ana, project):
    """The upload is part of the report form: the typed text is saved with the file."""
    client.force_login(ana)
    report = project.reports.get(sequence=1)
    url = reverse("monitoring:report", args=[report.pk])
    data = _report_post(report, attach="1", file=_pdf())
    data["activities"] = "Surengėme tris mokymus, dar neišsaugota"
    response = client.post(url, data, follow=True)
    report.refresh_from_db()
    assert report.activities == "Surengėme tris mokymus, dar neišsaugota"
    assert report.attachments.get().name == "saskaita.pdf"
    page = response.content.decode()
    assert "Surengėme tris mokymus, dar neišsaugota" in page
    assert "The files have been attached and the report is saved." in page


def test_a_bad_file_keeps_the_typing_and_saves_nothing(client, ana, project):
    client.force_login(ana)
    report = project.reports.get(sequence=1)
    fake = SimpleUploadedFile("saskaita.pdf", b"not a pdf", content_type="application/pdf")
    data = _report_post(report, attach="1", file=fake, activities="Dar neišsaugota")
    response = client.post(reverse("monitoring:report", args=[report.pk]), data)
    assert "Dar neišsaugota" in response.content.decode()
    report.refresh_from_db()
    assert report.activities == "" and not report.attachments.exists()


def test_the_attachments_come_before_the_submit_button(client, ana, project):
    client.force_login(ana)
    report = project.reports.get(sequence=1)
    page = client.get(reverse("monitoring:report", args=[report.pk])).content.decode()
    form = page[page.index('enctype="multipart/form-data"') :]
    assert 0 < form.index('type="file"') < form.index('name="submit"') < form.index("</form>")


def test_staff_complete_and_terminate_from_the_project_page(client, sara, project):
    client.force_login(sara)
    Project.objects.filter(pk=project.pk)
    project.proposal.status = ProposalStatus.IN_IMPLEMENTATION
    project.proposal.save(update_fields=["status"])
    response = client.post(reverse("monitoring:complete", args=[project.pk]), follow=True)
    assert "not accepted yet" in response.content.decode()
    client.post(reverse("monitoring:terminate", args=[project.pk]), {"reason": "Atsisakė"})
    project.refresh_from_db()
    assert project.status == "terminated"


def test_milestones_are_marked_from_the_project_page(client, ana, project):
    milestone = project.milestones.create(title="Atidarymas", due_on=datetime.date(2026, 5, 1))
    client.force_login(ana)
    page = client.get(reverse("monitoring:work", args=[project.pk])).content.decode()
    assert "Atidarymas" in page and "overdue" in page  # report 1 is overdue
    client.post(
        reverse("monitoring:milestone_reached", args=[project.pk, milestone.pk]),
        {"done_on": "2026-05-03"},
    )
    milestone.refresh_from_db()
    assert milestone.done_on == datetime.date(2026, 5, 3)


@pytest.mark.parametrize("language", ["lt", "en"])
def test_the_pages_work_in_both_languages(client, ana, sara, project, accepted, language):
    client.force_login(ana)
    second = project.reports.get(sequence=2).pk
    for name, args in [
        ("monitoring:my_projects", []),
        ("monitoring:work", [project.pk]),
        ("monitoring:report", [second]),
        ("monitoring:report", [accepted.pk]),
        ("monitoring:participants", [project.pk]),
        ("monitoring:participant_add", [project.pk]),
    ]:
        response = client.get(_in(language, name, *args))
        assert response.status_code == 200, name
        assert f'<html lang="{language}">' in response.content.decode()
    client.force_login(sara)
    for name in ["monitoring:manage", "monitoring:waiting"]:
        assert client.get(_in(language, name)).status_code == 200, name


def test_the_report_and_project_pages_do_not_grow_with_lines(client, ana, sara, project):
    from telka.calls.models import BudgetLine

    report = project.reports.get(sequence=1)
    flow.submit_report(report=report, actor=ana, data=full_input(report))

    def counts():
        client.force_login(sara)
        staff = [
            count_queries(client, reverse("monitoring:report", args=[report.pk])),
            count_queries(client, reverse("monitoring:work", args=[project.pk])),
        ]
        client.force_login(ana)
        return [*staff, count_queries(client, reverse("monitoring:report", args=[report.pk + 1]))]

    one = counts()
    for n in range(10):
        BudgetLine.objects.create(
            proposal=project.proposal,
            category="other",
            description=f"Eilutė {n}",
            quantity=Decimal(1),
            unit_price=Decimal(10),
        )
        project.milestones.create(title=f"Etapas {n}", due_on=datetime.date(2026, 3, 1))
    assert counts() == one


def test_staff_filter_projects_by_status_and_search(client, sara, project, other_project):
    Project.objects.filter(pk=other_project.pk).update(status="terminated")
    client.force_login(sara)
    url = reverse("monitoring:manage")
    page = client.get(url, {"status": "terminated"}).content.decode()
    assert reverse("monitoring:work", args=[other_project.pk]) in page
    assert reverse("monitoring:work", args=[project.pk]) not in page
    page = client.get(url, {"q": "Kita bendruomenė"}).content.decode()
    assert reverse("monitoring:work", args=[other_project.pk]) in page
    assert reverse("monitoring:work", args=[project.pk]) not in page
