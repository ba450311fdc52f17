"""Who may handle a proposal on the LAG's side (INV-26): the formal check, the assessor
assignment and the lists that place it. One rule, used by the evaluation and the
decisions workflows alike (refusals happen there, not only in views).

- Staff linked to the applicant organisation (telka.lag.links: their account belongs
  to it, a link is recorded for them, or their board seat represents it) do not handle
  its proposal; another staff member must.
- When the applicant is the LAG itself, every staff member works for the applicant. Only
  the person the board designated for that proposal (`Designation`: by a board
  decision, recorded by someone else, with no account in and no recorded link to the
  LAG's organisation) handles it, after signing the declaration of independence.
"""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from telka.calls.models import Proposal
from telka.lag import links
from telka.lib.workflow import Refused

from .models import Designation


def _organisations(proposals: Iterable[Proposal]) -> dict[int, str]:
    return {p.organisation_id: p.organisation.legal_code for p in proposals}


def lag_itself_problem(proposal: Proposal, actor: Any) -> str | None:
    """For a proposal of the LAG itself: why `actor` may not handle it (None: they may)."""
    if not proposal.organisation.is_lag_itself:
        return None
    number = proposal.reg_number or str(proposal.pk)
    designation = Designation.objects.filter(proposal=proposal).select_related("user").first()
    if designation is None:
        return _(
            "The LAG itself applies with %(number)s and its staff work for the applicant: "
            "only the person the board designates may handle this proposal. Record the "
            "designation on the proposal's check page first (INV-26)."
        ) % {"number": number}
    if designation.user_id != getattr(actor, "pk", None):
        return _(
            "The LAG itself applies with %(number)s: only %(name)s, designated by the "
            "board (%(reference)s), may handle this proposal (INV-26)."
        ) % {
            "number": number,
            "name": designation.user,
            "reference": designation.decision_reference,
        }
    if designation.declared_at is None:
        return _(
            "Sign the declaration of independence for %(number)s on its check page first (INV-26)."
        ) % {"number": number}
    return None


def refuse_if_linked(proposal: Proposal, actor: Any) -> None:
    """The formal check and the assessor assignment of one proposal."""
    problem = lag_itself_problem(proposal, actor)
    if problem:
        raise Refused(problem)
    ties = links.user_links(actor, _organisations([proposal])).get(proposal.organisation_id)
    if ties:
        raise Refused(
            _(
                "You are linked to the applicant organisation (%(ties)s): another staff "
                "member must handle this proposal (INV-26)."
            )
            % {"ties": "; ".join(ties)}
        )


def refuse_linked_list(proposals: Iterable[Proposal], actor: Any) -> None:
    """Drafting or changing a list: refused when the actor is linked to the applicant of
    any proposal the list places."""
    proposals = list(proposals)
    own = [lag_itself_problem(p, actor) for p in proposals if p.organisation.is_lag_itself]
    if any(own):
        raise Refused(*[problem for problem in own if problem])
    found = links.user_links(actor, _organisations(proposals))
    linked = [p for p in proposals if p.organisation_id in found]
    if linked:
        ties = sorted({tie for p in linked for tie in found[p.organisation_id]})
        raise Refused(
            _(
                "You are linked to the applicant of %(numbers)s (%(ties)s): another staff "
                "member must prepare this list (INV-26)."
            )
            % {
                "numbers": ", ".join(p.reg_number or str(p.pk) for p in linked),
                "ties": "; ".join(ties),
            }
        )
