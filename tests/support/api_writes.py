"""Token clients, requests and the author fixtures shared by tests/test_api_writes_*.py.

``error_fields`` checks the status and JSON message of a refusal.
"""

import json

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import make_member


@pytest.fixture(autouse=True)
def fresh_throttle_history():
    cache.clear()


def client_for(user) -> Client:
    token, _created = Token.objects.get_or_create(user=user)
    return Client(headers={"Authorization": f"Token {token.key}"})


def post(client: Client, data: dict):
    return client.post("/api/v1/entries/", json.dumps(data), content_type="application/json")


def payload(**fields) -> dict:
    return {"title": "New entry", "slug": "new-entry", "language": "en", **fields}


def error_fields(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["detail"]
    return data["errors"]


@pytest.fixture
def alice():
    return make_member("author", "alice")
