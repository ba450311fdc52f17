"""A network administrator sets up a LAG from the network's site: the LAG, its board
and first staff together or not at all, audited, the staff invited by e-mail; then
its strategy from the XLSX template, put in force through the strategy workflow."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from telka.accounts.models import User
from telka.audit.models import AuditEvent
from telka.lag.demo_pamarys import strategy_data
from telka.lag.models import LocalActionGroup, Role, RoleKind
from telka.lag.onboarding import NETWORK_ADMINS_GROUP
from telka.strategy import importing
from telka.strategy.models import Strategy, StrategyStatus
from tests.base import give_role, make_lag, make_user

NETWORK = "tinklas.localhost"
BOARD = "\n".join(
    [
        "Ona Onaitė; civil; no",
        "Petras Petraitis; civil; no",
        "Rima Verslaitė; business; no",
        "Jonas Verslas; business; no",
        "Vida Valdžia; public; yes",
        "Antanas Savivalda; public; yes",
    ]
)


@pytest.fixture
def network(settings, db):
    settings.TELKA_NETWORK_HOST = NETWORK
    make_lag(host="aleksotas.localhost")


@pytest.fixture
def admin_client(client, network):
    user = make_user("tinklas@example.test", "Tina Tinklaitė")
    user.groups.add(Group.objects.get_or_create(name=NETWORK_ADMINS_GROUP)[0])
    client.force_login(user)
    return client


def form(**changes) -> dict:
    return {
        "name": "Pajūrio vietos veiklos grupė",
        "short_name": "Pajūrio VVG",
        "slug": "pajuris",
        "host": "Pajuris.localhost",
        "legal_code": "300123456",
        "territory": "Pajūrio seniūnija",
        "period": "2021-2027",
        "fund": "EAFRD",
        "board": BOARD,
        "staff": "Rūta Darbuotoja; ruta@example.test",
        **changes,
    }


def post(client, url, data=None, **extra):
    return client.post(url, data or {}, HTTP_HOST=NETWORK, **extra)


def test_it_sets_up_the_lag_board_staff_and_a_draft_strategy(
    admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(admin_client, "/onboarding/", form())
    assert response.status_code == 302 and response["Location"] == "/onboarding/pajuris/strategy/"
    lag = LocalActionGroup.objects.get(slug="pajuris")
    assert lag.host == "pajuris.localhost" and lag.legal_code == "300123456"
    assert lag.board.memberships.count() == 6
    assert lag.board.memberships.filter(is_public_authority=True).count() == 2
    ruta = User.objects.get(email="ruta@example.test")
    assert not ruta.has_usable_password() and ruta.is_staff
    assert Role.objects.active().filter(lag=lag, user=ruta, kind=RoleKind.STAFF).exists()
    draft = Strategy.objects.get(lag=lag)
    assert (draft.status, draft.period_start, draft.period_end) == ("draft", 2023, 2029)
    assert draft.programme.startswith("EŽŪFKP (EAFRD)")
    event = AuditEvent.objects.get(action="lag.onboarded")
    assert event.changes["after"] == {
        "host": "pajuris.localhost",
        "period": "2021-2027",
        "fund": "EAFRD",
    }
    (message,) = mail.outbox
    assert message.to == ["ruta@example.test"]
    assert "://pajuris.localhost" in message.body and "/accounts/password/reset/" in message.body


def test_the_invitation_link_sets_the_password(
    admin_client, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post(admin_client, "/onboarding/", form())
    link = next(w for w in mail.outbox[0].body.split() if "/password/reset/" in w)
    path = "/accounts/" + link.split("/accounts/", 1)[1]
    admin_client.logout()
    page = client.get(path, HTTP_HOST="pajuris.localhost", follow=True)
    set_url = page.redirect_chain[-1][0]
    client.post(
        set_url,
        {"new_password1": "a long new passphrase 42", "new_password2": "a long new passphrase 42"},
        HTTP_HOST="pajuris.localhost",
    )
    assert User.objects.get(email="ruta@example.test").check_password("a long new passphrase 42")


def test_a_board_an_interest_group_would_control_is_refused(admin_client):
    board = "Ona; civil; no\nPetras; civil; no\nRima; business; no"
    response = post(admin_client, "/en/onboarding/", form(board=board))
    assert response.status_code == 200
    assert "Civil society would hold more than 49 % of the board&#x27;s votes." in response.text
    assert not LocalActionGroup.objects.filter(slug="pajuris").exists()
    assert not User.objects.filter(email="ruta@example.test").exists()
    assert not AuditEvent.objects.filter(action="lag.onboarded").exists()
    assert mail.outbox == []


def test_bad_lines_and_a_taken_host_are_refused_with_messages(admin_client):
    data = form(host="aleksotas.localhost", staff="Rūta without an address", board="Ona; nobody")
    response = post(admin_client, "/en/onboarding/", data)
    assert "Line 1: write “full name; e-mail”." in response.text
    assert "Line 1: write “full name; public, business or civil; yes or no”." in response.text
    assert LocalActionGroup.objects.count() == 1
    response = post(admin_client, "/en/onboarding/", form(host="aleksotas.localhost"))
    assert "Another LAG is already served on aleksotas.localhost." in response.text
    assert LocalActionGroup.objects.count() == 1


def test_messages_are_lithuanian_by_default(admin_client):
    response = post(admin_client, "/onboarding/", form(staff="x"))
    assert "1 eilutė" in response.text or "eilut" in response.text


@pytest.mark.parametrize("who", ["staff", "applicant", "anonymous"])
def test_everyone_else_is_refused(client, network, who):
    lag = LocalActionGroup.objects.get()
    if who != "anonymous":
        user = make_user(f"{who}@example.test")
        if who == "staff":
            give_role(user, lag, RoleKind.STAFF)
        client.force_login(user)
    for url in [
        "/onboarding/",
        "/onboarding/strategy-template.xlsx",
        "/onboarding/aleksotas/strategy/",
    ]:
        response = client.get(url, HTTP_HOST=NETWORK)
        if who == "anonymous":
            assert response.status_code == 302 and "/onboarding/login/" in response["Location"]
        else:
            assert response.status_code == 403
    response = post(client, "/onboarding/", form())
    assert response.status_code in (302, 403)
    assert not LocalActionGroup.objects.filter(slug="pajuris").exists()


def test_the_onboarding_pages_are_not_on_a_lags_site(admin_client):
    assert admin_client.get("/onboarding/", HTTP_HOST="aleksotas.localhost").status_code == 404


def upload(raw: bytes, name: str = "strategija.xlsx") -> dict:
    return {"workbook": SimpleUploadedFile(name, raw)}


def test_the_strategy_is_imported_previewed_and_put_in_force(admin_client):
    post(admin_client, "/onboarding/", form())
    url = "/en/onboarding/pajuris/strategy/"
    template = admin_client.get("/onboarding/strategy-template.xlsx", HTTP_HOST=NETWORK)
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
    response = post(admin_client, url, upload(importing.template_workbook(strategy_data())))
    assert response.status_code == 302
    page = admin_client.get(url, HTTP_HOST=NETWORK)
    assert (
        "Support for small business and fishing farms" in page.text
        or "Parama smulkiajam" in page.text
    )
    assert "P-R1 Sukurtos darbo vietos: 25.00" in page.text
    done = post(
        admin_client,
        "/en/onboarding/pajuris/strategy/in-force/",
        {"in_force_from": "2023-06-01", "adopted_on": "2023-05-20", "adopted_by": "GM 2023-05-20"},
    )
    assert done.status_code == 302
    strategy = Strategy.objects.get(lag__slug="pajuris")
    assert strategy.status == StrategyStatus.IN_FORCE and strategy.programme.startswith("EŽŪFKP")
    assert AuditEvent.objects.filter(
        action="strategy.in_force", object_id=str(strategy.pk)
    ).exists()


def test_a_bad_workbook_shows_every_problem_and_changes_nothing(admin_client):
    post(admin_client, "/onboarding/", form())
    raw = importing.template_workbook(strategy_data())
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(raw))
    book["Measures"]["E3"] = "=SUM(1,2)"
    book["Targets"]["C4"] = "-5"
    out = io.BytesIO()
    book.save(out)
    response = post(admin_client, "/en/onboarding/pajuris/strategy/", upload(out.getvalue()))
    assert "The workbook has 2 problems; nothing was stored." in response.text
    assert "Measures!E3" in response.text and "A formula is not allowed" in response.text
    assert "Targets!C4" in response.text and "Enter a number that is not negative." in response.text
    assert not Strategy.objects.get(lag__slug="pajuris").goals.exists()
    response = post(
        admin_client, "/en/onboarding/pajuris/strategy/", upload(b"%PDF-1.4 no", "x.xlsx")
    )
    assert "This is not an XLSX workbook." in response.text


def test_putting_in_force_is_refused_with_the_workflows_reasons(admin_client):
    post(admin_client, "/onboarding/", form())
    response = post(
        admin_client,
        "/en/onboarding/pajuris/strategy/in-force/",
        {"in_force_from": "2023-06-01", "adopted_by": "GM"},
    )
    assert "The strategy has no measures yet: import its workbook first." in response.text
    assert Strategy.objects.get(lag__slug="pajuris").status == StrategyStatus.DRAFT


def test_the_pages_take_a_bounded_number_of_queries(admin_client, django_assert_max_num_queries):
    post(admin_client, "/onboarding/", form())
    raw = importing.template_workbook(strategy_data())
    post(admin_client, "/onboarding/pajuris/strategy/", upload(raw))
    for _n in range(3):  # more LAGs, the same count
        post(
            admin_client,
            "/onboarding/",
            form(slug=f"x{_n}", host=f"x{_n}.localhost", legal_code=""),
        )
    with django_assert_max_num_queries(8):
        assert admin_client.get("/onboarding/", HTTP_HOST=NETWORK).status_code == 200
    with django_assert_max_num_queries(12):
        page = admin_client.get("/onboarding/pajuris/strategy/", HTTP_HOST=NETWORK)
    assert "1.2.1" in page.text
