"""The API's create and update, fed control characters and Markdown that cannot be
rendered: a 400 naming each field, nothing changed.
"""

import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from cms.models import Entry
from cms.publishing import Status
from tests.factories import make_entry, make_member
from tests.support import input_sweep as shared
from tests.support.input_sweep import control, renders, unrenderable

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/input_sweep.py for the modules that share them.
fresh_throttle_history = shared.fresh_throttle_history


@pytest.fixture
def api_client():
    token = Token.objects.create(user=make_member("editor"))
    return Client(headers={"Authorization": f"Token {token.key}"})


def api_errors(response) -> dict:
    assert response.status_code == 400, response.content
    return response.json()["errors"]


def api_fields_with(c: str) -> dict:
    return {
        "title": f"Fold{c}ing",
        "summary": f"A{c} summary",
        "body": f"Some{c} text",
        "paper_authors": [f"Mei{c} Chen"],
    }


def send(client, method: str, url: str, data: dict):
    return getattr(client, method)(url, json.dumps(data), content_type="application/json")


@control
def test_api_create_refuses_control_characters_naming_each_field(api_client, c):
    data = {"slug": "folding", "language": "en", **api_fields_with(c)}
    errors = api_errors(send(api_client, "post", "/api/v1/entries/", data))
    assert set(errors) == {"title", "summary", "body", "paper_authors"}, errors
    if c not in ("\x00", "\ud800"):  # else DRF's own words: "Null characters are not allowed"
        assert f"U+{ord(c):04X}" in errors["title"][0] and "The title field" in errors["title"][0]
    assert not Entry.objects.exists()


@control
def test_api_update_refuses_control_characters_and_changes_nothing(api_client, c):
    entry = make_entry("Folding", slug="folding", status=Status.DRAFT)
    data = {"version": entry.version, **api_fields_with(c)}
    errors = api_errors(send(api_client, "patch", f"/api/v1/entries/{entry.pk}/", data))
    assert set(errors) == {"title", "summary", "body", "paper_authors"}, errors
    stored = Entry.objects.get(pk=entry.pk)
    assert (stored.title, stored.version) == ("Folding", 1)


@unrenderable
def test_api_create_with_unrenderable_markdown_is_a_400_on_body(api_client, body):
    data = {"title": "Folding", "slug": "folding", "language": "en", "body": body}
    response = send(api_client, "post", "/api/v1/entries/", data)
    if renders(body):
        assert response.status_code == 201
        return
    assert set(api_errors(response)) == {"body"}
    assert not Entry.objects.exists()


@unrenderable
def test_api_update_with_unrenderable_markdown_is_a_400_on_body(api_client, body):
    entry = make_entry("Folding", slug="folding", status=Status.DRAFT)
    data = {"version": entry.version, "body": body}
    response = send(api_client, "patch", f"/api/v1/entries/{entry.pk}/", data)
    if renders(body):
        assert response.status_code == 200
        return
    assert set(api_errors(response)) == {"body"}
    assert Entry.objects.get(pk=entry.pk).version == 1
