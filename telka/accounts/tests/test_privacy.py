import json

from telka.accounts.privacy import collect_personal_data
from telka.audit.models import AuditEvent


def test_the_privacy_notice_names_the_lag_as_controller_in_both_languages(client, lag):
    lag.email = "info@aleksotovvg.lt"
    lag.save()
    english = client.get("/en/accounts/privacy/")
    assert "The controller of your personal data is" in english.text
    assert lag.name in english.text and "info@aleksotovvg.lt" in english.text
    for heading in ["Applicants", "Residents", "Assessors", "Board members", "Your rights"]:
        assert heading in english.text
    lithuanian = client.get("/accounts/privacy/")
    assert "Jūsų asmens duomenų valdytojas yra" in lithuanian.text
    assert "Valstybinei duomenų apsaugos inspekcijai" in lithuanian.text


def test_the_footer_links_the_privacy_notice(client, lag):
    assert 'href="/en/accounts/privacy/"' in client.get("/en/").text


def test_the_download_holds_the_account_organisations_and_other_apps_data(
    client, ana, organisation, other_app_privacy
):
    client.force_login(ana)
    response = client.post("/accounts/privacy/my-data/download/")
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="telka-my-data-')
    data = json.loads(response.content)
    assert data["accounts"]["account"]["email"] == "ana@example.test"
    assert data["accounts"]["account"]["full_name"] == "Ana Stankevičienė"
    assert data["accounts"]["organisations"][0]["legal_code"] == "300000001"
    assert data["calls"] == {
        "proposals": [{"title": "Kūrybinės dirbtuvės", "contact": "ana@example.test"}]
    }
    assert AuditEvent.objects.filter(action="user.data_exported", actor=ana).exists()


def test_the_download_lists_the_persons_own_actions_only(client, ana, rita):
    AuditEvent.objects.record(action="comment.posted", actor=ana, message="Ana's")
    AuditEvent.objects.record(action="comment.posted", actor=rita, message="Rita's")
    data = collect_personal_data(ana)
    assert [a["message"] for a in data["accounts"]["actions"]] == ["Ana's"]


def test_the_download_is_a_post_for_logged_in_people_only(client, ana):
    assert client.post("/accounts/privacy/my-data/download/").status_code == 302
    client.force_login(ana)
    assert client.get("/accounts/privacy/my-data/download/").status_code == 405
