import importlib.machinery
import sys
import types

from telka.accounts.models import OrganisationMembership
from telka.lib.panels import Panel
from tests.base import count_queries, make_organisation


def my_area(client, user):
    client.force_login(user)
    return client.get("/en/accounts/").text


def test_lag_staff_see_their_role_and_the_administration_link(client, sara):
    page = my_area(client, sara)
    assert "LAG staff" in page and "You prepare calls" in page
    assert '<a href="/admin/">Open the administration site</a>' in page
    assert client.get("/admin/").status_code == 200  # the link opens the admin's start page


def test_lag_role_holders_without_organisations_get_no_empty_invitation(client, sara, ana):
    assert 'id="panel-organisations"' not in my_area(client, sara)
    assert "Register an organisation" not in my_area(client, sara)


def test_an_assessor_sees_the_assessor_role_only(client, eva):
    page = my_area(client, eva)
    assert "You assess the project proposals assigned to you" in page
    assert "LAG staff" not in page and "Open the administration site" not in page


def test_a_board_member_sees_the_board_role(client, bruno, lag):
    page = my_area(client, bruno)
    assert "You take part in board meetings" in page


def test_an_applicant_sees_their_organisations(client, ana, organisation, lag):
    page = my_area(client, ana)
    assert "You act for 1 organisation" in page
    assert organisation.name in page
    assert "Representative (may submit)" in page


def test_a_resident_is_invited_to_register_an_organisation(client, rita, lag):
    page = my_area(client, rita)
    assert "You can comment on consultations" in page
    assert "You do not act for any organisation yet." in page
    assert "Register an organisation" in page


def test_an_unverified_person_sees_what_waits_and_no_roles(client, otto, lag):
    page = my_area(client, otto)
    assert "Confirm your e-mail address" in page
    assert "No roles yet." in page
    assert "Register an organisation" not in page


def test_panels_from_other_apps_appear(client, rita, lag, monkeypatch, tmp_path, settings):
    (tmp_path / "calls").mkdir()
    (tmp_path / "calls" / "panel.html").write_text("<section><h2>My proposals</h2></section>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    module = types.ModuleType("telka.calls.panels")
    module.__spec__ = importlib.machinery.ModuleSpec("telka.calls.panels", None)
    module.dashboard_panel = lambda request: Panel("calls/panel.html", {}, order=10)
    monkeypatch.setitem(sys.modules, "telka.calls.panels", module)
    page = my_area(client, rita)
    assert page.index("My proposals") < page.index('id="panel-organisations"')


def test_my_area_needs_a_log_in(client, db):
    assert client.get("/accounts/").url.startswith("/accounts/login/")


def test_my_area_runs_the_same_queries_for_1_and_20_organisations(client, ana, lag):
    make_organisation(ana)
    client.force_login(ana)
    # The first visit also reads what is kept for everyone (the LAG's open calls).
    client.get("/en/accounts/")
    one = count_queries(client, "/en/accounts/")
    for number in range(1, 20):
        organisation = make_organisation(
            name=f"Bendrija {number}", legal_code=f"{330000000 + number}"
        )
        OrganisationMembership.objects.create(organisation=organisation, user=ana)
    assert count_queries(client, "/en/accounts/") == one
