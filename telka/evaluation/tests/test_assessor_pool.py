"""The network's shared assessor pool: network administrators keep the list; a LAG's
staff invite someone from it for a call, who gets the LAG's assessor role and an e-mail."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import translation

from telka.audit.models import AuditEvent
from telka.calls.models import Call, CallStatus
from telka.calls.tests.helpers import open_call
from telka.evaluation.models import PoolAssessor, PoolInvitation
from telka.evaluation.workflow import add_to_pool, invite_from_pool, remove_from_pool
from telka.lag.models import Role, RoleKind
from telka.lag.onboarding import NETWORK_ADMINS_GROUP
from telka.lib.workflow import Refused
from tests.base import give_role, make_lag, make_strategy, make_user

NETWORK = "tinklas.localhost"


@pytest.fixture(autouse=True)
def english():
    """Refusals are matched by their English text."""
    with translation.override("en"):
        yield


@pytest.fixture
def world(db, settings):
    settings.TELKA_NETWORK_HOST = NETWORK
    lag = make_lag(host="aleksotas.localhost")
    other = make_lag(
        slug="pamarys", name="Pamario VVG", short_name="Pamario VVG", host="pamarys.localhost"
    )
    network = make_user("tinklas@example.test", "Tina Tinklaitė")
    network.groups.add(Group.objects.get_or_create(name=NETWORK_ADMINS_GROUP)[0])
    sara = make_user("sara@example.test", "Sara Staff")
    give_role(sara, lag)
    vaida = make_user("vaida@example.test", "Vaida Staff")
    give_role(vaida, other)
    expert = make_user("rasa@example.test", "Rasa Ekspertė")
    call = open_call(lag, make_strategy(lag))
    entry = add_to_pool(user=expert, expertise="Kaimo verslas", languages="lt, en", actor=network)
    return {"lag": lag, "other": other, "network": network, "sara": sara, "vaida": vaida,
            "expert": expert, "call": call, "entry": entry}  # fmt: skip


def test_a_network_admin_lists_a_person_and_it_is_audited(world):
    event = AuditEvent.objects.get(action="pool.added")
    assert event.actor == world["network"]
    assert event.changes["after"]["expertise"] == "Kaimo verslas"
    with pytest.raises(Refused, match="already in the pool"):
        add_to_pool(user=world["expert"], expertise="x", languages="lt", actor=world["network"])


def test_lag_staff_cannot_keep_the_pool(world):
    other = make_user("other@example.test")
    with pytest.raises(Refused, match="Only a network administrator"):
        add_to_pool(user=other, expertise="x", languages="lt", actor=world["sara"])
    with pytest.raises(Refused):
        remove_from_pool(entry=world["entry"], actor=world["sara"])
    assert PoolAssessor.objects.listed().count() == 1


def test_staff_invite_a_pool_assessor_who_gets_the_role_and_e_mails(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite_from_pool(call=world["call"], entry=world["entry"], actor=world["sara"])
    role = Role.objects.active().get(lag=world["lag"], user=world["expert"])
    assert role.kind == RoleKind.ASSESSOR
    assert AuditEvent.objects.filter(action="role.granted", object_id=str(role.pk)).exists()
    assert AuditEvent.objects.get(action="pool.invited").changes["after"] == {
        "user": world["expert"].pk,
        "call": world["call"].pk,
    }
    assert invitation.invited_by == world["sara"]
    invite = [m for m in mail.outbox if world["call"].title in m.body]
    assert len(invite) == 1 and invite[0].to == ["rasa@example.test"]
    assert "http://aleksotas.localhost" in invite[0].body and "/evaluation/my/" in invite[0].body
    # No role at the LAG that did not invite them.
    assert not Role.objects.filter(lag=world["other"], user=world["expert"]).exists()


def test_an_invitation_is_refused_with_a_reason(world):
    invite_from_pool(call=world["call"], entry=world["entry"], actor=world["sara"])
    with pytest.raises(Refused, match="already invited for this call"):
        invite_from_pool(call=world["call"], entry=world["entry"], actor=world["sara"])
    with pytest.raises(Refused, match="Only the LAG's staff"):
        invite_from_pool(call=world["call"], entry=world["entry"], actor=world["vaida"])
    Call.objects.filter(pk=world["call"].pk).update(status=CallStatus.CANCELLED)
    remove_from_pool(entry=world["entry"], actor=world["network"])
    assert PoolInvitation.objects.count() == 1


def test_the_staff_page_lists_the_pool_and_invites(world, client, django_assert_max_num_queries):
    client.force_login(world["sara"])
    url = reverse("evaluation:pool", args=[world["call"].pk])
    with django_assert_max_num_queries(15):
        page = client.get(url + "?q=verslas", HTTP_HOST="aleksotas.localhost")
    assert "Rasa Ekspertė" in page.text and "Kaimo verslas" in page.text
    response = client.post(url, {"entry": world["entry"].pk}, HTTP_HOST="aleksotas.localhost")
    assert response.status_code == 302
    assert PoolInvitation.objects.filter(call=world["call"], entry=world["entry"]).exists()
    again = client.post(
        url, {"entry": world["entry"].pk}, HTTP_HOST="aleksotas.localhost", follow=True
    )
    assert "jau pakviest" in again.text or "already invited" in again.text


@pytest.mark.parametrize("who", ["other_lag_staff", "applicant", "anonymous"])
def test_the_staff_page_refuses_everyone_else(world, client, who):
    if who == "other_lag_staff":
        client.force_login(world["vaida"])
    elif who == "applicant":
        client.force_login(make_user("ana@example.test"))
    url = reverse("evaluation:pool", args=[world["call"].pk])
    response = client.post(url, {"entry": world["entry"].pk}, HTTP_HOST="aleksotas.localhost")
    assert response.status_code in (302, 404)
    if who == "anonymous":
        assert "/accounts/login/" in response["Location"]
    assert not PoolInvitation.objects.exists()
    assert not Role.objects.filter(user=world["expert"]).exists()


def test_the_network_page_adds_and_removes(world, client):
    client.force_login(world["network"])
    make_user("jonas@example.test", "Jonas Naujas")
    data = {"email": "jonas@example.test", "expertise": "Jaunimas", "languages": "lt"}
    assert client.post("/onboarding/assessors/", data, HTTP_HOST=NETWORK).status_code == 302
    assert PoolAssessor.objects.listed().filter(user__email="jonas@example.test").exists()
    page = client.post(
        "/en/onboarding/assessors/", {**data, "email": "nobody@example.test"}, HTTP_HOST=NETWORK
    )
    assert "No account has this e-mail address." in page.text
    entry = PoolAssessor.objects.get(user__email="jonas@example.test")
    client.post("/onboarding/assessors/remove/", {"entry": entry.pk}, HTTP_HOST=NETWORK)
    assert not PoolAssessor.objects.listed().filter(pk=entry.pk).exists()
    assert AuditEvent.objects.filter(action="pool.removed", object_id=str(entry.pk)).exists()


@pytest.mark.parametrize("who", ["staff", "applicant"])
def test_the_network_page_refuses_lag_staff_and_applicants(world, client, who):
    client.force_login(world["sara"] if who == "staff" else make_user("ana@example.test"))
    make_user("jonas@example.test", "Jonas Naujas")
    data = {"email": "jonas@example.test", "expertise": "Jaunimas", "languages": "lt"}
    assert client.get("/onboarding/assessors/", HTTP_HOST=NETWORK).status_code == 403
    assert client.post("/onboarding/assessors/", data, HTTP_HOST=NETWORK).status_code == 403
    assert not PoolAssessor.objects.filter(user__email="jonas@example.test").exists()
