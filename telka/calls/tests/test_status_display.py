"""A proposal shows its status as Django would, in each language, for every status."""

import pytest
from django.db.models import Model
from django.utils import translation

from telka.calls.models import Proposal, ProposalStatus


@pytest.mark.parametrize("language", ["lt", "en"])
def test_the_status_label_is_djangos(language):
    field = Proposal._meta.get_field("status")
    with translation.override(language):
        for value in [*ProposalStatus.values, "unknown"]:
            proposal = Proposal(status=value)
            assert proposal.get_status_display() == Model._get_FIELD_display(proposal, field)
    assert Proposal(status="ranked").get_status_display() != "ranked"
