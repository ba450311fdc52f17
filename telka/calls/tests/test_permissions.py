"""Who may see and change what. Refusals for objects a user may not know about are 404."""

import pytest
from django.urls import reverse

from telka.accounts.models import OrganisationMembership, OrganisationRole
from telka.calls import permissions
from telka.calls.models import Call, CallStatus, Proposal
from tests import base

from .helpers import OTHER_ORGANISATION, attach, draft_call, make_proposal, open_call


@pytest.fixture
def call(lag, strategy):
    return open_call(lag, strategy)


@pytest.fixture
def proposal(call, organisation, ana):
    return make_proposal(call, organisation, ana)


@pytest.fixture
def rival(db):
    """Someone applying for another organisation: the data they must not reach."""
    user = base.make_user("rival@example.test", "Rival")
    base.make_organisation(user, **OTHER_ORGANISATION)
    return user


def applicant_urls(proposal) -> list[str]:
    attachment = proposal.attachments.first() or attach(proposal)
    pk = proposal.pk
    return [
        reverse("calls:proposal", args=[pk]),
        reverse("calls:proposal_section", args=[pk, "project"]),
        reverse("calls:attachments", args=[pk]),
        reverse("calls:attachment", args=[pk, attachment.pk]),
        reverse("calls:proposal_check", args=[pk]),
        reverse("calls:proposal_withdraw", args=[pk]),
        reverse("calls:receipt", args=[pk]),
    ]


def staff_urls(call, proposal) -> list[str]:
    return [
        reverse("calls:manage"),
        reverse("calls:manage_create"),
        reverse("calls:manage_detail", args=[call.pk]),
        reverse("calls:manage_edit", args=[call.pk]),
        reverse("calls:manage_allocations", args=[call.pk]),
        reverse("calls:manage_criteria", args=[call.pk]),
        reverse("calls:manage_approve", args=[call.pk]),
        reverse("calls:manage_cancel", args=[call.pk]),
        reverse("calls:manage_proposals", args=[call.pk]),
        reverse("calls:manage_proposals_xlsx", args=[call.pk]),
        reverse("calls:manage_proposal", args=[proposal.pk]),
        reverse("calls:manage_proposal_pdf", args=[proposal.pk]),
    ]


def test_another_organisations_applicant_gets_404_everywhere(client, proposal, rival):
    client.force_login(rival)
    for url in applicant_urls(proposal):
        assert client.get(url).status_code == 404, url


def test_another_organisation_cannot_change_submit_or_withdraw(client, proposal, rival):
    client.force_login(rival)
    posts = [
        (reverse("calls:proposal_section", args=[proposal.pk, "project"]), {"title": "Hijacked"}),
        (reverse("calls:proposal_submit", args=[proposal.pk]), {}),
        (reverse("calls:proposal_withdraw", args=[proposal.pk]), {"confirm": "on"}),
        (reverse("calls:budget_totals", args=[proposal.pk]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    proposal.refresh_from_db()
    assert (proposal.title, proposal.status) == ("Jaunimo dirbtuvės", "draft")


def test_the_applicants_list_shows_only_their_organisations(client, proposal, rival, call):
    client.force_login(rival)
    page = client.get(reverse("calls:my_proposals")).content.decode()
    assert "Jaunimo dirbtuvės" not in page


@pytest.mark.parametrize("persona", ["eva", "bruno", "rita", "ana"])
def test_only_lag_staff_open_the_staff_views(client, request, call, proposal, persona):
    from telka.calls import workflow

    workflow.submit_proposal(proposal=proposal, actor=request.getfixturevalue("ana"))
    client.force_login(request.getfixturevalue(persona))
    for url in staff_urls(call, proposal):
        assert client.get(url).status_code == 404, (persona, url)


def test_staff_open_every_staff_view(client, sara, call, proposal, ana):
    from telka.calls import workflow

    workflow.submit_proposal(proposal=proposal, actor=ana)
    client.force_login(sara)
    frozen = {"manage_edit", "manage_allocations", "manage_criteria"}
    for url in staff_urls(call, proposal):
        response = client.get(url)
        if response.resolver_match.url_name in frozen:  # the call is open: back to its page
            assert response.url == reverse("calls:manage_detail", args=[call.pk]), url
        else:
            assert response.status_code == 200, url


def test_anonymous_visitors_are_sent_to_log_in(client, proposal):
    response = client.get(reverse("calls:proposal", args=[proposal.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_staff_do_not_see_drafts(client, sara, proposal):
    client.force_login(sara)
    assert client.get(reverse("calls:manage_proposal", args=[proposal.pk])).status_code == 404


def test_an_unpublished_call_is_hidden_from_the_public(client, lag, strategy, sara):
    call = draft_call(lag, strategy)
    assert client.get(reverse("calls:detail", args=[call.pk])).status_code == 404
    assert client.get(reverse("calls:apply", args=[call.pk])).status_code == 302
    client.force_login(sara)
    assert client.get(reverse("calls:detail", args=[call.pk])).status_code == 200


def test_predicates(lag, sara, eva, ana, rita, call, proposal):
    colleague = base.make_user("kolega@example.test")
    OrganisationMembership.objects.create(
        organisation=proposal.organisation, user=colleague, role=OrganisationRole.MEMBER
    )
    assert permissions.can_manage_calls(sara, lag) and not permissions.can_manage_calls(eva, lag)
    assert permissions.can_view_proposal(ana, proposal) and permissions.can_view_proposal(
        sara, proposal
    )
    assert not permissions.can_view_proposal(rita, proposal)
    assert permissions.can_edit_proposal(colleague, proposal)
    assert not permissions.can_edit_proposal(sara, proposal)
    assert permissions.can_submit_proposal(ana, proposal)
    assert not permissions.can_submit_proposal(colleague, proposal)
    assert permissions.can_withdraw_proposal(ana, proposal)
    assert not permissions.can_withdraw_proposal(colleague, proposal)
    Proposal.objects.filter(pk=proposal.pk).update(status="registered")
    proposal.refresh_from_db()
    assert not permissions.can_edit_proposal(ana, proposal)
    assert not permissions.can_submit_proposal(ana, proposal)


def test_see_call_predicate(lag, strategy, sara, rita):
    call = draft_call(lag, strategy)
    assert permissions.can_see_call(sara, call) and not permissions.can_see_call(rita, call)
    Call.objects.filter(pk=call.pk).update(status=CallStatus.APPROVED, published_at=call.opens_at)
    call.refresh_from_db()
    assert permissions.can_see_call(rita, call)
