"""Malformed requests get a 4xx that says what was wrong, never a 500, on every database.

Run on SQLite and PostgreSQL (``DATABASE_URL``): PostgreSQL refuses NUL in
text, so a NUL that reached a query was a 500 there only.
"""

import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import make_entry, make_member, make_user

pytestmark = pytest.mark.django_db

LIMIT = 10_000


@pytest.fixture
def small_limit(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = LIMIT


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@pytest.fixture
def editor_token():
    return Token.objects.create(user=make_member("editor", "edith")).key


def token_client(token: str) -> Client:
    return Client(raise_request_exception=False, headers={"Authorization": f"Token {token}"})


@pytest.mark.parametrize(
    "path",
    [
        "/%00",
        "/en/entries/a%00/",
        "/en/entries/%00/",
        "/en/topics/%00/",
        "/en/authors/a%00/",
        "/static/%00",
        "/preview/%00/",
        "/api/v1/en/entries/%00.json",
        "/api/v1/en/authors/%00.json",
        "/admin/%00/",
        "/en/search/?q=%00",
        "/api/v1/en/entries.json?search=a%00",
    ],
)
def test_a_nul_in_the_address_is_a_400(anonymous, path):
    make_entry("Live", slug="live")
    response = anonymous.get(path)
    assert response.status_code == 400
    assert b"NUL" in response.content


@pytest.mark.parametrize("query", ["status__exact=%00", "language__exact=%00", "q=%00"])
def test_a_nul_in_an_admin_filter_is_a_400(query):
    client = Client(raise_request_exception=False)
    client.force_login(make_user("root", superuser=True))
    response = client.get(f"/admin/cms/entry/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0].encode() in response.content


def test_a_nul_in_an_api_address_is_answered_in_the_api_error_shape(anonymous):
    response = anonymous.get("/api/v1/en/entries/%00.json")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "NUL" in response.json()["detail"]


def test_the_old_url_of_a_renamed_entry_still_redirects(anonymous):
    entry = make_entry("Live", slug="before")
    entry.slug = "after"
    entry.save()
    assert anonymous.get("/en/entries/before/")["Location"] == "/en/entries/after/"


@pytest.mark.parametrize("opening, closing", [("[", "]"), ('{"a":', "}")])
def test_json_nested_100000_deep_is_a_400(editor_token, opening, closing):
    entry = make_entry("Live", slug="live")
    body = opening * 100_000 + "1" + closing * 100_000
    client = token_client(editor_token)
    created = client.post("/api/v1/entries/", body, content_type="application/json")
    changed = client.patch(f"/api/v1/entries/{entry.pk}/", body, content_type="application/json")
    for response in (created, changed):
        assert response.status_code == 400
        assert "nested" in response.json()["detail"]


def test_json_nested_a_few_levels_is_still_read(editor_token):
    response = token_client(editor_token).post(
        "/api/v1/entries/",
        json.dumps({"title": "Fine", "slug": "fine", "language": "en", "topics": []}),
        content_type="application/json",
    )
    assert response.status_code == 201


def test_api_body_over_the_limit_is_a_413_naming_the_limit(small_limit, editor_token):
    body = json.dumps({"title": "x", "body": "y" * LIMIT})
    response = token_client(editor_token).post(
        "/api/v1/entries/", body, content_type="application/json"
    )
    assert response.status_code == 413
    assert "10,000 bytes" in response.json()["detail"]


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_form_body_over_the_limit_is_a_413(small_limit, anonymous, encoding):
    fields = {"username": "edith", "password": "x" * LIMIT}
    if encoding == "urlencoded":
        body = "&".join(f"{key}={value}" for key, value in fields.items())
        response = anonymous.post(
            "/admin/login/", body, content_type="application/x-www-form-urlencoded"
        )
    else:
        response = anonymous.post("/admin/login/", fields)
    assert response.status_code == 413
    assert b"10,000 bytes" in response.content


def test_a_body_under_the_limit_is_read(small_limit, anonymous):
    response = anonymous.post("/admin/login/", {"username": "edith", "password": "wrong"})
    assert response.status_code == 200
