from django.contrib.auth.models import Group, Permission

from telka.accounts.demo import staff_group
from telka.lag.models import LagTask
from tests.base import give_role, make_user

from .admin_forms import change_form_data
from .builders import make_document, make_event, make_news, make_page


def test_the_home_page_shows_vision_mission_tasks_news_events_and_documents(client, lag):
    LagTask.objects.create(lag=lag, position=1, text="rengti strategiją", text_en="prepare it")
    make_news(lag, title="Parengta strategija", title_en="The strategy is ready")
    make_event(lag, title="Mokymai", title_en="Training")
    make_document(lag, title="Kvietimas", title_en="Call")
    make_page(lag, title="Teritorija", title_en="Territory")
    text = client.get("/en/").text
    for shown in [lag.vision, "Tasks of Aleksoto VVG", "prepare it", "The strategy is ready"]:
        assert shown in text
    for shown in ["Training", "Call", "Territory", "PDF"]:
        assert shown in text


def test_the_home_page_shows_only_the_three_latest_news(client, lag):
    for number in range(5):
        make_news(lag, title=f"Naujiena {number}")
    text = client.get("/").text
    assert [f"Naujiena {n}" in text for n in range(5)] == [True, True, True, False, False]


def test_a_demo_lag_says_its_figures_are_illustrative(client, lag):
    assert "This is a demonstration site." not in client.get("/en/").text
    lag.is_demo = True
    lag.save()
    assert "This is a demonstration site." in client.get("/en/").text
    assert "Tai demonstracinė svetainė." in client.get("/").text


def test_lag_staff_edit_the_vision_and_mission_in_the_admin_and_the_home_page_shows_them(
    client, lag
):
    LagTask.objects.create(lag=lag, position=1, text="rengti strategiją")
    sara = make_user("sara@example.test", "Sara Jonaitienė", is_staff=True)
    sara.groups.add(staff_group())
    give_role(sara, lag)  # the back office shows staff their own LAG's rows
    client.force_login(sara)
    url = f"/admin/lag/localactiongroup/{lag.pk}/change/"
    form = client.get(url)
    assert form.status_code == 200
    data = change_form_data(
        form,
        vision="Aleksotas – žalias ir draugiškas.",
        vision_en="Aleksotas: green and friendly.",
        mission="Kartu kurti gerovę.",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    lag.refresh_from_db()
    assert (lag.vision, lag.mission) == ("Aleksotas – žalias ir draugiškas.", "Kartu kurti gerovę.")
    assert lag.tasks.count() == 1
    client.logout()
    assert "Aleksotas – žalias ir draugiškas." in client.get("/").text
    assert "Aleksotas: green and friendly." in client.get("/en/").text
    assert "Kartu kurti gerovę." in client.get("/en/").text  # no English mission: Lithuanian


def test_staff_without_the_lag_staff_permissions_cannot_change_the_lag(client, lag):
    otto = make_user("otto@example.test", is_staff=True)
    otto.groups.add(Group.objects.create(name="Readers"))
    otto.groups.get().permissions.add(Permission.objects.get(codename="view_news"))
    client.force_login(otto)
    url = f"/admin/lag/localactiongroup/{lag.pk}/change/"
    response = client.post(url, {"vision": "Pakeista"})
    assert response.status_code == 403
    lag.refresh_from_db()
    assert lag.vision != "Pakeista"
