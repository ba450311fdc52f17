import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from telka.audit.models import AuditEvent
from telka.consultations.models import ConsultationStatus, Follower
from telka.consultations.tests.builders import (
    answer,
    make_amendment,
    make_consultation,
    make_suggestion,
)
from telka.lib.workflow import Refused
from telka.strategy import workflow
from telka.strategy.models import (
    AMENDMENT_ALLOWED,
    AmendmentStatus,
    Goal,
    Measure,
    Objective,
    Strategy,
    StrategyAmendment,
    StrategyStatus,
    Target,
)

S = AmendmentStatus
TODAY = datetime.date.today()
STEPS = {
    S.CONSULTATION_OPEN: lambda a, u: workflow.mark_consultation_open(amendment=a, actor=u),
    S.CONSULTATION_CLOSED: lambda a, u: workflow.mark_consultation_closed(amendment=a, actor=u),
    S.PROPOSED: lambda a, u: workflow.propose_amendment(amendment=a, actor=u, proposed_on=TODAY),
    S.ADOPTED: lambda a, u: workflow.adopt_amendment(
        amendment=a, actor=u, adopted_on=TODAY, minutes_number="3", minutes_document=None
    ),
    S.SUBMITTED_TO_MA: lambda a, u: workflow.submit_to_managing_authority(
        amendment=a, actor=u, submitted_on=TODAY, reference="R-1"
    ),
    S.MA_APPROVED: lambda a, u: workflow.record_ma_decision(
        amendment=a, actor=u, approved=True, decided_on=TODAY, reference="D-1"
    ),
    S.MA_REJECTED: lambda a, u: workflow.record_ma_decision(
        amendment=a, actor=u, approved=False, decided_on=TODAY, reference="D-2"
    ),
    S.IN_FORCE: lambda a, u: workflow.enter_into_force(amendment=a, actor=u, in_force_from=TODAY),
    S.WITHDRAWN: lambda a, u: workflow.withdraw_amendment(
        amendment=a, actor=u, reason="Atsisakyta"
    ),
}


@pytest.fixture(autouse=True)
def english():
    """Refusals are read in English here; their Lithuanian text is checked by test_i18n."""
    with translation.override("en"):
        yield


@pytest.fixture
def amendment(lag, strategy, sara):
    """A draft whose consultation is closed with every suggestion answered (INV-07 holds)."""
    amendment = make_amendment(lag, sara)
    consultation = make_consultation(lag, amendment=amendment, status=ConsultationStatus.ANSWERED)
    answer(make_suggestion(consultation, sara), sara)
    return amendment


def consulted(amendment: StrategyAmendment) -> StrategyAmendment:
    """Where the amendment stands after its consultation closed."""
    StrategyAmendment.objects.filter(pk=amendment.pk).update(status=S.CONSULTATION_CLOSED)
    amendment.refresh_from_db()
    return amendment


@pytest.mark.parametrize("target", list(STEPS))
@pytest.mark.parametrize("current", S.values)
def test_it_allows_exactly_the_transitions_in_the_table(amendment, sara, current, target):
    StrategyAmendment.objects.filter(pk=amendment.pk).update(status=current)
    amendment.refresh_from_db()
    if target in AMENDMENT_ALLOWED[current]:
        STEPS[target](amendment, sara)
        amendment.refresh_from_db()
        assert amendment.status == target
        assert (
            AuditEvent.objects.for_object(amendment)
            .filter(action=f"strategy.amendment_{target}", actor=sara)
            .exists()
        )
    else:
        with pytest.raises(Refused, match="cannot become"):
            STEPS[target](amendment, sara)
        amendment.refresh_from_db()
        assert amendment.status == current


def test_it_starts_an_amendment_as_a_deep_copy_keeping_lineage(lag, strategy, sara):
    amendment = make_amendment(lag, sara)
    draft = amendment.draft
    assert (draft.status, draft.version, draft.previous) == (StrategyStatus.DRAFT, 2, strategy)
    old = Measure.objects.filter(objective__goal__strategy=strategy).order_by("code")
    new = Measure.objects.filter(objective__goal__strategy=draft).order_by("code")
    assert [(m.lineage, m.code, m.budget) for m in old] == [
        (m.lineage, m.code, m.budget) for m in new
    ]
    assert not set(old.values_list("pk", flat=True)) & set(new.values_list("pk", flat=True))
    assert Target.objects.filter(measure__objective__goal__strategy=draft).count() == 2
    assert Goal.objects.get(strategy=draft).lineage == Goal.objects.get(strategy=strategy).lineage
    assert AuditEvent.objects.filter(action="strategy.amendment_started").count() == 1


def test_it_refuses_a_second_amendment_while_one_is_under_way(lag, strategy, sara):
    make_amendment(lag, sara, title="Pirmas")
    with pytest.raises(Refused, match="“Pirmas” is still under way"):
        make_amendment(lag, sara, title="Antras")
    assert StrategyAmendment.objects.count() == 1
    assert Strategy.objects.count() == 2


def test_it_refuses_to_amend_when_no_version_is_in_force(lag, sara):
    with pytest.raises(Refused, match="No strategy version is in force"):
        make_amendment(lag, sara)


def test_it_never_edits_the_version_in_force(lag, strategy, sara):
    amendment = make_amendment(lag, sara)
    in_force = Measure.objects.get(objective__goal__strategy=strategy, code="1.1.1")
    with pytest.raises(Refused, match="not part of the draft"):
        workflow.save_draft_item(
            amendment=amendment, actor=sara, item=in_force, values={"budget": Decimal(1)}
        )
    in_force.refresh_from_db()
    assert in_force.budget == Decimal("100000")
    assert not strategy.is_editable


def test_it_freezes_the_draft_during_the_consultation(amendment, sara):
    workflow.mark_consultation_open(amendment=amendment, actor=sara)
    measure = Measure.objects.get(objective__goal__strategy=amendment.draft, code="1.1.1")
    with pytest.raises(Refused, match="cannot be changed while it is"):
        workflow.save_draft_item(
            amendment=amendment, actor=sara, item=measure, values={"budget": Decimal(5)}
        )
    measure.refresh_from_db()
    assert measure.budget == Decimal("100000")
    assert not Strategy.objects.get(pk=amendment.draft_id).is_editable


def test_it_edits_adds_and_removes_draft_items_with_an_audit_trail(lag, strategy, sara):
    amendment = make_amendment(lag, sara)
    draft = amendment.draft
    measure = Measure.objects.get(objective__goal__strategy=draft, code="1.1.1")
    workflow.save_draft_item(
        amendment=amendment, actor=sara, item=measure, values={"budget": Decimal("5000.50")}
    )
    objective = Objective.objects.get(goal__strategy=draft)
    added = workflow.save_draft_item(
        amendment=amendment,
        actor=sara,
        item=Measure(),
        values={"objective": objective, "code": "1.1.3", "title": "Naujas", "budget": Decimal(7)},
    )
    workflow.remove_draft_item(
        amendment=amendment,
        actor=sara,
        item=Measure.objects.get(objective__goal__strategy=draft, code="1.1.2"),
    )
    codes = set(
        Measure.objects.filter(objective__goal__strategy=draft).values_list("code", flat=True)
    )
    assert codes == {"1.1.1", "1.1.3"}
    assert added.lineage != measure.lineage
    actions = set(AuditEvent.objects.for_object(draft).values_list("action", flat=True))
    assert actions == {
        "strategy.draft_measure_edited",
        "strategy.draft_measure_added",
        "strategy.draft_measure_removed",
    }
    edited = AuditEvent.objects.get(action="strategy.draft_measure_edited")
    assert edited.changes["changes"] == {"budget": ["100000.00", "5000.50"]}


def test_it_refuses_to_propose_with_an_unanswered_suggestion(lag, strategy, sara, rita):
    amendment = make_amendment(lag, sara)
    consultation = make_consultation(lag, amendment=amendment, status=ConsultationStatus.ANSWERED)
    make_suggestion(consultation, rita)
    StrategyAmendment.objects.filter(pk=amendment.pk).update(status=S.CONSULTATION_CLOSED)
    with pytest.raises(Refused) as refusal:
        workflow.propose_amendment(amendment=amendment, actor=sara, proposed_on=TODAY)
    assert refusal.value.reasons == ["1 suggestion has no answer yet (INV-07)."]
    amendment.refresh_from_db()
    assert amendment.status == S.CONSULTATION_CLOSED


def test_it_refuses_to_propose_without_a_consultation(lag, strategy, sara):
    amendment = make_amendment(lag, sara)
    StrategyAmendment.objects.filter(pk=amendment.pk).update(status=S.CONSULTATION_CLOSED)
    with pytest.raises(Refused, match="public consultation on this draft must be held"):
        workflow.propose_amendment(amendment=amendment, actor=sara, proposed_on=TODAY)


def test_it_refuses_to_adopt_while_a_consultation_is_still_open(amendment, sara):
    make_consultation(amendment.lag, amendment=amendment, title="Antrasis ratas")
    StrategyAmendment.objects.filter(pk=amendment.pk).update(status=S.PROPOSED)
    amendment.refresh_from_db()
    with pytest.raises(Refused, match="“Antrasis ratas” is not closed and answered"):
        STEPS[S.ADOPTED](amendment, sara)


def test_it_refuses_to_propose_a_draft_that_breaks_the_budget_rules(amendment, sara):
    draft = amendment.draft
    Strategy.objects.filter(pk=draft.pk).update(running_costs_budget=Decimal("90000"))
    Target.objects.filter(measure__objective__goal__strategy=draft).delete()
    with pytest.raises(Refused) as refusal:
        STEPS[S.PROPOSED](consulted(amendment), sara)
    assert refusal.value.reasons == [
        "Objective 1.1 has no indicator with a target (INV-05).",
        "Running and animation costs exceed 25 % of the total budget allowed in the "
        "2014-2020 period for ESF (INV-06).",
        "The measures' budgets and the running costs together exceed the total budget.",
    ]


def test_it_needs_the_managing_authority_when_configured(amendment, sara):
    StrategyAmendment.objects.filter(pk=amendment.pk).update(
        status=S.ADOPTED, needs_ma_approval=True
    )
    amendment.refresh_from_db()
    with pytest.raises(Refused, match="managing authority's approval first"):
        STEPS[S.IN_FORCE](amendment, sara)
    STEPS[S.SUBMITTED_TO_MA](amendment, sara)
    STEPS[S.MA_APPROVED](amendment, sara)
    STEPS[S.IN_FORCE](amendment, sara)
    amendment.refresh_from_db()
    assert amendment.status == S.IN_FORCE
    assert "D-1" in amendment.draft.adopted_by


def test_entering_into_force_supersedes_the_old_version_and_leaves_its_rows_alone(
    amendment, strategy, sara
):
    old_measures = list(
        Measure.objects.filter(objective__goal__strategy=strategy).values(
            "pk", "objective_id", "budget"
        )
    )
    STEPS[S.PROPOSED](consulted(amendment), sara)
    STEPS[S.ADOPTED](amendment, sara)
    new = workflow.enter_into_force(
        amendment=amendment, actor=sara, in_force_from=TODAY + datetime.timedelta(days=1)
    )
    strategy.refresh_from_db()
    assert (strategy.status, strategy.in_force_to) == (StrategyStatus.SUPERSEDED, TODAY)
    assert Strategy.objects.in_force().get() == new == amendment.draft
    assert new.previous == strategy
    assert (
        new.adopted_by
        == f"Visuotinio narių susirinkimo {TODAY:%Y-%m-%d} sprendimas, protokolas Nr. 3"
    )
    # A call that pointed at a measure of the old version still finds it, unchanged.
    assert old_measures == list(
        Measure.objects.filter(objective__goal__strategy=strategy).values(
            "pk", "objective_id", "budget"
        )
    )


def test_it_refuses_to_enter_into_force_before_adoption_day(amendment, sara):
    STEPS[S.PROPOSED](consulted(amendment), sara)
    STEPS[S.ADOPTED](amendment, sara)
    with pytest.raises(Refused, match="before the general meeting adopted it"):
        workflow.enter_into_force(
            amendment=amendment, actor=sara, in_force_from=TODAY - datetime.timedelta(days=1)
        )
    assert Strategy.objects.in_force().get() == amendment.base


def test_adoption_tells_followers_and_authors(
    amendment, sara, rita, django_capture_on_commit_callbacks, mailoutbox
):
    consultation = amendment.consultations.get()
    Follower.objects.create(consultation=consultation, user=rita)
    STEPS[S.PROPOSED](consulted(amendment), sara)
    with django_capture_on_commit_callbacks(execute=True):
        STEPS[S.ADOPTED](amendment, sara)
    assert sorted(m.to[0] for m in mailoutbox) == ["rita@example.test", "sara@example.test"]
    assert "Naujas veiksmas vaikams" in mailoutbox[0].subject
    assert "priėmė" in mailoutbox[0].body


def test_it_refuses_to_withdraw_while_a_consultation_is_open(amendment, sara):
    make_consultation(amendment.lag, amendment=amendment)
    with pytest.raises(Refused, match="scheduled or open"):
        STEPS[S.WITHDRAWN](amendment, sara)
