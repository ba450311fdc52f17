"""Hostile filter values get a 4xx answer with a message, never a server error."""

import pytest


@pytest.mark.parametrize(
    "path",
    [
        "/api/news?q=%00",
        "/api/news.csv?q=a%00b",
        "/api/projects?measure_code=%00",
        "/api/projects?status=%00",
        "/api/calls?status=%00",
        "/api/results?outcome=%00",
        "/api/results?call_id=99999999999999999999999999",
        "/api/news?page=99999999999999999999999999",
        "/api/news?page_size=-5",
    ],
)
def test_a_hostile_filter_is_answered_without_a_server_error(client, lag, path):
    response = client.get(path)
    assert 400 <= response.status_code < 500 or response.status_code == 200
    assert response.status_code < 500


def test_a_nul_character_gets_a_translated_message(client, lag):
    response = client.get("/api/news?q=a%00b", HTTP_ACCEPT_LANGUAGE="lt")
    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]


def test_a_nul_in_a_plain_form_post_is_refused_before_any_view(client, lag):
    response = client.post(
        "/accounts/login/",
        "username=a%00b%40example.test&password=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400
    assert "NUL simbolis" in response.text
