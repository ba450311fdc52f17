import datetime

from django.utils import translation

from tests.base import make_lag

from .builders import PDF_BYTES, make_document


def test_the_list_shows_updated_dates_the_lags_way_with_type_and_size(client, lag):
    make_document(lag, title="Kvietimas", updated_on=datetime.date(2020, 1, 24), data=b"x" * 2048)
    lithuanian, english = client.get("/documents/").text, client.get("/en/documents/").text
    assert 'Atnaujinta <time datetime="2020-01-24">2020 01 24</time>' in lithuanian
    assert '<span class="file-type">PDF</span>, 2\xa0kB' in lithuanian
    assert 'Updated <time datetime="2020-01-24">24 Jan 2020</time>' in english


def test_size_and_type_are_stored_from_the_file(lag):
    document = make_document(lag, name="ataskaita.docx", data=b"y" * 1500)
    assert (document.size, document.type_label) == (1500, "DOCX")
    assert document.content_type.endswith("wordprocessingml.document")


def test_it_filters_by_category_and_counts_each_category(client, lag):
    make_document(lag, title="Kvietimo sąlygos", category="call")
    make_document(lag, title="Metinė ataskaita", category="report")
    make_document(lag, title="Antra ataskaita", category="report")
    text = client.get("/en/documents/?category=report").text
    assert "Metinė ataskaita" in text and "Kvietimo sąlygos" not in text
    assert 'Reports <span class="count">(2)</span>' in text
    assert 'All <span class="count">(3)</span>' in text
    assert "Procedures and rules" not in text  # empty categories are not offered


def test_it_searches_within_a_category_and_says_when_nothing_matches(client, lag):
    make_document(lag, title="Vertinimo tvarka", category="procedure", description="Kriterijai")
    make_document(lag, title="Vertinimo ataskaita", category="report")
    text = client.get("/en/documents/?category=procedure&q=kriterijai").text
    assert "Vertinimo tvarka" in text and "Vertinimo ataskaita" not in text
    assert 'name="category" value="procedure"' in text
    missing = client.get("/en/documents/?q=biudzetas").text
    assert "No document matches “biudzetas”." in missing


def test_the_download_is_served_by_the_application_with_a_readable_name(client, lag):
    document = make_document(lag, title="Kvietimas: sąlygos / 2020", name="k.pdf")
    response = client.get(f"/documents/{document.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''Kvietimas%20s%C4%85lygos%202020.pdf"
    )


def test_unpublished_foreign_and_lost_documents_are_not_found(client, lag):
    hidden = make_document(lag, is_published=False)
    foreign = make_document(make_lag(slug="kita", name="Kita VVG"))
    lost = make_document(lag)
    lost.file.delete(save=False)
    for document in (hidden, foreign, lost):
        assert client.get(f"/documents/{document.pk}/download/").status_code == 404
    text = client.get("/documents/").text
    assert hidden.title not in text and foreign.title not in text


def test_the_document_link_is_the_download(lag):
    document = make_document(lag)
    with translation.override("en"):
        assert document.get_absolute_url() == f"/en/documents/{document.pk}/download/"
