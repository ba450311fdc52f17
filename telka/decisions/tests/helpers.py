"""Steps decisions tests share: a meeting with one allocation on the agenda, everyone
present and declared, votes recorded."""

from telka.decisions import facts, workflow


def selection(meeting, sara, allocation):
    return workflow.add_agenda_item(
        meeting=meeting, actor=sara, kind="selection", allocation=allocation
    )


def everyone_present(meeting, seats, sara):
    workflow.record_attendance(meeting=meeting, actor=sara, present={s.pk for s in seats})


def declare_all(item, seats, sara, interests=None):
    interests = interests or {}
    for seat in seats:
        workflow.declare(
            item=item, membership=seat, actor=sara, interests=interests.get(seat.pk, {})
        )


def vote_for(decision, sara):
    figures = facts.item_figures(decision.item)
    workflow.record_votes(
        decision=decision, actor=sara, choices={pk: "for" for pk in figures.eligible}
    )


def reasons_for_not_selected(decision, sara, text="Surinkta per mažai balų."):
    lines = decision.lines.filter(outcome="not_selected")
    workflow.update_lines(
        decision=decision,
        actor=sara,
        changes={x.pk: workflow.LineInput("not_selected", reasons=text) for x in lines},
    )


def decide(meeting, seats, sara, allocation, interests=None, now=None):
    """A whole in-person decision on one allocation, adopted at `now` (default: now);
    returns the adopted decision."""
    item = selection(meeting, sara, allocation)
    if not meeting.attendance.exists():
        everyone_present(meeting, seats, sara)
    declare_all(item, seats, sara, interests)
    reasons_for_not_selected(item.decision, sara)
    vote_for(item.decision, sara)
    return workflow.adopt_decision(decision=item.decision, actor=sara, now=now)
