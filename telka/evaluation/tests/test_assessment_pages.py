"""Assigning assessors and scoring through the pages (INV-16, INV-17)."""

import pytest
from django.core import mail
from django.urls import reverse

from telka.audit.models import AuditEvent
from telka.evaluation.models import AssessmentStatus, BoardMemberPolicy, EvaluationSettings
from telka.lag.models import RoleKind
from tests import base

from .builders import make_assessor
from .scenario import pass_check


@pytest.fixture
def eligible(proposal, sara):
    return pass_check(proposal, sara)


def test_staff_assign_at_least_the_required_number_seeing_the_workload(
    client, eligible, sara, eva, django_capture_on_commit_callbacks
):
    jonas = make_assessor(eligible.call.lag, "Jonas")
    client.force_login(sara)
    url = reverse("evaluation:assessors", args=[eligible.pk])
    page = client.get(url).content.decode()
    assert "Eva Petrauskienė" in page and "Jonas Vertintoja" in page
    response = client.post(url, {"assessors": [eva.pk]})
    assert response.status_code == 400 and "bent 2" in response.content.decode()
    assert not eligible.assessments.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"assessors": [eva.pk, jonas.pk]})
    eligible.refresh_from_db()
    assert eligible.status == "under_assessment"
    assert sorted(m.to[0] for m in mail.outbox if "Vertintinas" in m.subject) == [
        "eva@example.test",
        "jonas@example.test",
    ]


def test_board_members_are_refused_or_flagged_per_the_setting(client, eligible, sara, eva, bruno):
    base.give_role(bruno, eligible.call.lag, RoleKind.ASSESSOR)
    client.force_login(sara)
    url = reverse("evaluation:assessors", args=[eligible.pk])
    assert "negali būti vertintojais" in client.get(url).content.decode()
    refused = client.post(url, {"assessors": [eva.pk, bruno.pk]})
    assert "valdybos narys" in refused.content.decode() and not eligible.assessments.exists()
    EvaluationSettings.objects.create(
        lag=eligible.call.lag, call=eligible.call, board_member_policy=BoardMemberPolicy.WARN
    )
    client.post(url, {"assessors": [eva.pk, bruno.pk]})
    assessment = eligible.assessments.get(assessor=bruno)
    assert assessment.board_member_warning
    assert (
        AuditEvent.objects.filter(
            action="assessment.assigned", changes__board_member_warning=True
        ).count()
        == 1
    )


def score_through_the_page(client, own, sheet):
    """Partial save, refused out-of-range points, refused early submit, then submit."""
    criteria = list(own.proposal.call.criteria.all())
    partial = {
        f"points_{criteria[0].pk}": "30",
        f"justification_{criteria[0].pk}": "Gerai pagrįsta.",
        "action": "save",
    }
    assert client.post(sheet, partial).status_code == 302
    too_high = client.post(sheet, {f"points_{criteria[0].pk}": "45", "action": "save"})
    assert too_high.status_code == 200
    # Lithuanian words and a Lithuanian number, not Django's "… lygi 30.00".
    assert "Didžiausias galimas balas" in too_high.content.decode()
    assert "Didžiausias galimas balas – 40." in too_high.content.decode()
    own.refresh_from_db()
    assert own.scores.get(criterion=criteria[0]).points == 30
    early = client.post(sheet, {**partial, "action": "submit"}, follow=True)
    assert "K2, K3, P1" in early.content.decode()
    full = {"action": "submit"}
    for c in criteria:
        full[f"justification_{c.pk}"] = "Pagrįsta."
        full[f"points_{c.pk}" if c.is_scored else f"passed_{c.pk}"] = "20" if c.is_scored else "yes"
    assert client.post(sheet, full).status_code == 302
    own.refresh_from_db()
    assert own.status == AssessmentStatus.SUBMITTED and own.total == 60
    locked = client.post(sheet, {**full, "action": "save"})
    assert locked.status_code == 200
    own.refresh_from_db()
    assert own.total == 60


def test_an_assessor_signs_declares_scores_in_parts_and_submits(client, eligible, sara, eva):
    jonas = make_assessor(eligible.call.lag, "Jonas")
    client.force_login(sara)
    client.post(
        reverse("evaluation:assessors", args=[eligible.pk]), {"assessors": [eva.pk, jonas.pk]}
    )
    own = eligible.assessments.get(assessor=eva)
    client.force_login(eva)
    workspace = client.get(reverse("evaluation:workspace")).content.decode()
    assert eligible.title not in workspace  # nothing of the call before the declaration
    sheet = reverse("evaluation:assessment", args=[own.pk])
    assert client.get(sheet)["Location"] == reverse(
        "evaluation:call_declaration", args=[eligible.call_id]
    )
    client.post(reverse("evaluation:call_declaration", args=[eligible.call_id]), {"agree": "on"})
    conflict_page = client.get(sheet).content.decode()
    assert "Santrauka" not in conflict_page and "interesų" in conflict_page
    client.post(reverse("evaluation:declare", args=[own.pk]), {"answer": "no"})
    score_through_the_page(client, own, sheet)


def test_a_declared_conflict_removes_the_assessor_and_asks_staff(
    client, eligible, sara, eva, django_capture_on_commit_callbacks
):
    jonas = make_assessor(eligible.call.lag, "Jonas")
    client.force_login(sara)
    client.post(
        reverse("evaluation:assessors", args=[eligible.pk]), {"assessors": [eva.pk, jonas.pk]}
    )
    own = eligible.assessments.get(assessor=eva)
    client.force_login(eva)
    client.post(reverse("evaluation:call_declaration", args=[eligible.call_id]), {"agree": "on"})
    missing = client.post(
        reverse("evaluation:declare", args=[own.pk]), {"answer": "yes", "nature": ""}
    )
    assert missing.status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("evaluation:declare", args=[own.pk]),
            {"answer": "yes", "nature": "Sesuo – pareiškėjos vadovė"},
        )
    own.refresh_from_db()
    assert own.status == AssessmentStatus.CONFLICT
    assert client.get(reverse("evaluation:assessment", args=[own.pk])).status_code == 404
    assert any(
        m.to == ["sara@example.test"] and "interesų konfliktas" in m.subject for m in mail.outbox
    )
    client.force_login(sara)
    overview = client.get(reverse("evaluation:call", args=[eligible.call_id])).content.decode()
    assert "vertintojas deklaravo interesų konfliktą" in overview


def test_staff_remove_an_assessor_with_a_reason(client, eligible, sara, eva):
    jonas = make_assessor(eligible.call.lag, "Jonas")
    client.force_login(sara)
    client.post(
        reverse("evaluation:assessors", args=[eligible.pk]), {"assessors": [eva.pk, jonas.pk]}
    )
    own = eligible.assessments.get(assessor=eva)
    client.post(reverse("evaluation:remove_assessor", args=[own.pk]), {"reason": ""})
    own.refresh_from_db()
    assert own.status == AssessmentStatus.ASSIGNED
    client.post(reverse("evaluation:remove_assessor", args=[own.pk]), {"reason": "Serga"})
    own.refresh_from_db()
    assert own.status == AssessmentStatus.REMOVED and own.removal_reason == "Serga"


def test_the_personal_area_panel_shows_each_role_its_work(rf, eligible, sara, eva, ana):
    from telka.evaluation import workflow
    from telka.evaluation.panels import dashboard_panel

    jonas = make_assessor(eligible.call.lag, "Jonas")
    workflow.assign_assessors(proposal=eligible, assessors=[eva, jonas], actor=sara)
    request = rf.get("/")
    request.user = sara
    assert dashboard_panel(request).context["staff"]["to_check"] == 0
    request.user = eva
    assert dashboard_panel(request).context["assessor"] == {"to_declare": 1, "to_score": 0}
    request.user = ana
    assert dashboard_panel(request).context["applicant"]["proposals"] == [eligible]


def test_the_lag_wide_setting_applies_unless_the_call_has_its_own(call):
    from telka.evaluation.workflow import board_member_policy

    assert board_member_policy(call) == BoardMemberPolicy.BLOCK
    EvaluationSettings.objects.create(lag=call.lag, board_member_policy=BoardMemberPolicy.WARN)
    assert board_member_policy(call) == BoardMemberPolicy.WARN
    EvaluationSettings.objects.create(lag=call.lag, call=call, board_member_policy="block")
    assert board_member_policy(call) == BoardMemberPolicy.BLOCK
