"""One person's account works across LAGs (issue 18): an applicant applies to two LAGs
with one log-in, each LAG's site showing only its own proposals; a person who is staff
in one LAG and an applicant in another gets staff tools on the first LAG's host only,
and "My area" on each host shows that LAG's items."""

import pytest
from django.urls import reverse

from telka.calls.models import Proposal, ProposalStatus
from telka.calls.tests.helpers import fill, open_call
from telka.lag.models import RoleKind
from tests import base

HOST_A, HOST_B = "aleksotas.localhost", "kursiai.localhost"


@pytest.fixture
def two_lags(db):
    a = base.make_lag(host=HOST_A)
    b = base.make_lag(
        slug="kursiai", name="Kuršių krašto VVG", short_name="Kuršių VVG", host=HOST_B
    )
    calls = {}
    for lag, title in ((a, "Aleksoto kvietimas"), (b, "Kuršių kvietimas")):
        strategy = base.make_strategy(lag, title=f"{title} strategija")
        calls[lag.slug] = open_call(lag, strategy, title=title, number="1")
    return a, b, calls


def apply_and_submit(client, call, host: str) -> Proposal:
    """Start a draft on the call's page of `host`, complete it, submit it there."""
    response = client.post(
        reverse("calls:apply", args=[call.pk]),
        {
            "organisation": client.organisation.pk,
            "allocation": call.allocations.get().pk,
        },
        HTTP_HOST=host,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    proposal = Proposal.objects.get(call=call, organisation=client.organisation)
    fill(proposal)
    submitted = client.post(reverse("calls:proposal_submit", args=[proposal.pk]), HTTP_HOST=host)
    assert submitted.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REGISTERED, proposal.status
    return proposal


def test_an_applicant_applies_to_two_lags_with_one_log_in(client, two_lags):
    a, b, calls = two_lags
    ana = base.make_user("ana@example.test", "Ana Stankevičienė")
    client.organisation = base.make_organisation(ana)
    client.force_login(ana)
    first = apply_and_submit(client, calls["aleksotas"], HOST_A)
    second = apply_and_submit(client, calls["kursiai"], HOST_B)
    # Each call numbers its proposals itself: both LAGs' first proposal is K1-001.
    assert first.reg_number == second.reg_number == "K1-001"

    for host, mine, theirs in ((HOST_A, first, second), (HOST_B, second, first)):
        listing = client.get(reverse("calls:my_proposals"), HTTP_HOST=host).text
        assert mine.get_absolute_url() in listing
        assert theirs.get_absolute_url() not in listing
        area = client.get(reverse("accounts:dashboard"), HTTP_HOST=host).text
        assert mine.get_absolute_url() in area and theirs.get_absolute_url() not in area
        assert client.get(mine.get_absolute_url(), HTTP_HOST=host).status_code == 200
        # Another LAG's proposal lives on that LAG's site only.
        assert client.get(theirs.get_absolute_url(), HTTP_HOST=host).status_code == 404


def test_staff_of_one_lag_is_an_applicant_in_another(client, two_lags):
    a, b, calls = two_lags
    sara = base.make_user("sara@example.test", "Sara Jonaitienė", is_staff=True)
    base.give_role(sara, a, RoleKind.STAFF)
    client.organisation = base.make_organisation(sara, name="Kuršių jaunimas", legal_code="3002")
    client.force_login(sara)
    proposal = apply_and_submit(client, calls["kursiai"], HOST_B)

    manage = reverse("calls:manage")
    assert client.get(manage, HTTP_HOST=HOST_A).status_code == 200
    assert client.get(manage, HTTP_HOST=HOST_B).status_code == 404
    # Staff tools of her own LAG are not a way into the other LAG's proposals.
    staff_view = reverse("calls:manage_proposal", args=[proposal.pk])
    assert client.get(staff_view, HTTP_HOST=HOST_A).status_code == 404
    assert client.get(staff_view, HTTP_HOST=HOST_B).status_code == 404
    assert client.get(proposal.get_absolute_url(), HTTP_HOST=HOST_B).status_code == 200

    area_a = client.get(reverse("accounts:dashboard"), HTTP_HOST=HOST_A)
    area_b = client.get(reverse("accounts:dashboard"), HTTP_HOST=HOST_B)
    assert [r.key for r in area_a.context["roles"]] == ["staff", "applicant", "resident"]
    assert [r.key for r in area_b.context["roles"]] == ["applicant", "resident"]
    assert manage in area_a.text and manage not in area_b.text
    assert proposal.get_absolute_url() in area_b.text
    assert proposal.get_absolute_url() not in area_a.text
