"""Who may handle a proposal on the LAG's side (INV-26): the formal check, the assessor
assignment and the lists that place it. One rule, used by the evaluation and the
decisions workflows alike (refusals happen there, not only in views).

Staff linked to the applicant organisation (telka.lag.links: their account belongs to
it, a link is recorded for them, or their board seat represents it) do not handle its
proposal; another staff member must.
"""

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from telka.calls.models import Proposal
from telka.lag import links
from telka.lib.workflow import Refused


def _organisations(proposals: Iterable[Proposal]) -> dict[int, str]:
    return {p.organisation_id: p.organisation.legal_code for p in proposals}


def refuse_if_linked(proposal: Proposal, actor: Any) -> None:
    """The formal check and the assessor assignment of one proposal."""
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
