from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from telka.accounts.demo import staff_group
from telka.audit.models import AuditEvent
from telka.content.models import Document, News
from tests.base import give_role, make_user

from .builders import make_event, make_news, register

NEWS_FORM = {
    "title": "Valdybos posėdis",
    "slug": "valdybos-posedis",
    "summary": "Įvyko valdybos posėdis.",
    "body": '<p>Tekstas<script>alert(1)</script></p><img src="x" onerror="y()">',
    "published_at_0": "2026-01-05",
    "published_at_1": "10:00",
    "is_published": "on",
}


@pytest.fixture
def staff_client(client, lag):
    sara = make_user("sara@example.test", "Sara Jonaitienė", is_staff=True)
    sara.groups.add(staff_group())
    give_role(sara, lag)  # the back office shows staff their own LAG's rows
    client.force_login(sara)
    client.user = sara
    return client


def test_lag_staff_add_news_with_the_lag_preselected_and_the_body_cleaned(staff_client, lag):
    page = staff_client.get("/admin/content/news/add/")
    assert page.context["adminform"].form.initial["lag"] == lag.pk
    response = staff_client.post("/admin/content/news/add/", {**NEWS_FORM, "lag": lag.pk})
    assert response.status_code == 302
    news = News.objects.get()
    assert news.body == "<p>Tekstas</p>"
    assert "Valdybos posėdis" in staff_client.get("/news/").text


def test_a_photo_without_a_description_is_refused_and_nothing_is_saved(staff_client, lag):
    buffer = BytesIO()
    Image.new("RGB", (4, 4), "green").save(buffer, "PNG")
    photo = SimpleUploadedFile("foto.png", buffer.getvalue(), "image/png")
    data = {**NEWS_FORM, "lag": lag.pk, "photo": photo}
    response = staff_client.post("/admin/content/news/add/", data)
    assert response.status_code == 200
    assert "Aprašykite nuotrauką tiems, kurie jos nemato." in response.text
    assert not News.objects.exists()


def test_an_uploaded_document_gets_its_size_and_type(staff_client, lag):
    upload = SimpleUploadedFile("tvarka.pdf", b"%PDF-1.4 " + b"0" * 3000, "application/pdf")
    data = {
        "lag": lag.pk,
        "title": "Vertinimo tvarka",
        "category": "procedure",
        "file": upload,
        "updated_on": "2020-01-24",
        "published_at_0": "2020-01-24",
        "published_at_1": "09:00",
        "is_published": "on",
    }
    assert staff_client.post("/admin/content/document/add/", data).status_code == 302
    document = Document.objects.get()
    assert (document.size, document.content_type, document.type_label) == (
        3009,
        "application/pdf",
        "PDF",
    )
    listing = staff_client.get("/admin/content/document/").text
    assert "3\xa0kB" in listing


def test_a_file_of_an_unsafe_type_is_refused(staff_client, lag):
    upload = SimpleUploadedFile("virusas.exe", b"MZ", "application/octet-stream")
    data = {"lag": lag.pk, "title": "X", "category": "other", "file": upload}
    data |= {"updated_on": "2020-01-24", "published_at_0": "2020-01-24", "published_at_1": "9:00"}
    response = staff_client.post("/admin/content/document/add/", data)
    assert response.status_code == 200
    assert not Document.objects.exists()


def test_withdrawing_news_hides_it_and_is_audited(staff_client, lag):
    news = make_news(lag, title="Atšaukiama naujiena")
    make_news(lag, title="Jau nepaskelbta", is_published=False)
    response = staff_client.post(
        "/admin/content/news/",
        {
            "action": "unpublish",
            "_selected_action": list(News.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )
    assert "Pakeistas 1 įrašas." in response.text
    news.refresh_from_db()
    assert news.is_published is False
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.object_id) == (
        "news.withdrawn",
        staff_client.user,
        str(news.pk),
    )
    assert "Atšaukiama naujiena" not in staff_client.get("/news/").text


def test_staff_see_who_registered_and_how_many_places_are_taken(staff_client, lag):
    event = make_event(lag, title="Mokymai", capacity=10)
    register(event, name="Rita Vaitkutė", email="rita@example.test")
    listing = staff_client.get("/admin/content/event/").text
    assert '<td class="field-places_taken">1</td>' in listing
    change = staff_client.get(f"/admin/content/event/{event.pk}/change/").text
    assert "rita@example.test" in change


def test_people_without_admin_access_cannot_open_the_back_office(client, lag):
    client.force_login(make_user("rita@example.test"))
    response = client.get("/admin/content/eventregistration/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
