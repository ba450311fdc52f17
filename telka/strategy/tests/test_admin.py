from telka.strategy.models import Measure, StrategyStatus
from tests.base import make_strategy


def test_it_lets_staff_edit_a_draft_version(admin_client, lag):
    draft = make_strategy(lag, status=StrategyStatus.DRAFT)
    measure = Measure.objects.get(objective__goal__strategy=draft, code="1.1.1")
    response = admin_client.post(
        f"/admin/strategy/measure/{measure.pk}/change/",
        {
            "objective": measure.objective_id,
            "code": "1.1.1",
            "title": "Naujas pavadinimas",
            "budget": "5000",
            "position": 1,
            "targets-TOTAL_FORMS": 0,
            "targets-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.title == "Naujas pavadinimas"


def test_it_refuses_to_edit_a_version_in_force(admin_client, strategy):
    measure = Measure.objects.get(objective__goal__strategy=strategy, code="1.1.1")
    response = admin_client.post(
        f"/admin/strategy/measure/{measure.pk}/change/",
        {
            "objective": measure.objective_id,
            "code": "1.1.1",
            "title": "Pakeista",
            "budget": "1",
            "position": 1,
            "targets-TOTAL_FORMS": 0,
            "targets-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 403
    measure.refresh_from_db()
    assert measure.title == "Veiksmas 1"
    page = admin_client.get(f"/admin/strategy/strategy/{strategy.pk}/change/")
    assert page.status_code == 200  # view-only
    assert b'name="_save"' not in page.content


def test_a_draft_cannot_be_put_into_force_in_the_admin(admin_client, lag, strategy, sara):
    from telka.consultations.tests.builders import make_amendment

    draft = make_amendment(lag, sara).draft
    page = admin_client.get(f"/admin/strategy/strategy/{draft.pk}/change/")
    assert 'name="status"' not in page.text  # only an amendment moves a version into force


def test_not_even_the_first_version_of_a_lag_is_put_into_force_in_the_admin(admin_client, lag):
    first = make_strategy(lag, status=StrategyStatus.DRAFT)
    page = admin_client.get(f"/admin/strategy/strategy/{first.pk}/change/")
    assert 'name="status"' not in page.text  # the workflow puts it into force, checked
