"""Previews for front-ends: an unpublished entry's JSON by signed, expiring token, and only so."""

import json

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client

from cms.api.preview import preview_api_url
from cms.preview import SALT, preview_path
from cms.publishing import Status
from tests.factories import make_entry

pytestmark = pytest.mark.django_db

SITE = "https://digest.example.org"


@pytest.fixture(autouse=True)
def fresh_throttle_history():
    cache.clear()


@pytest.fixture
def draft():
    return make_entry("Unfinished", slug="unfinished", status=Status.DRAFT, body="*soon*")


def test_valid_token_serves_the_unpublished_entry_with_its_status(draft):
    response = Client().get(preview_api_url(draft).removeprefix(SITE))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["title"] == "Unfinished"
    assert data["status"] == "draft"
    assert data["preview"] is True
    assert "<em>soon</em>" in data["body_html"]


def test_preview_responses_are_never_cached_or_indexed(draft):
    response = Client().get(preview_api_url(draft).removeprefix(SITE))
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_the_admin_preview_token_works_for_the_api(draft):
    token = preview_path(draft).split("/")[-2]
    assert Client().get(f"/api/v1/preview/{token}.json").status_code == 200


def test_a_signed_token_without_the_entrys_preview_key_is_404(draft):
    token = signing.dumps({"entry": draft.pk}, salt=SALT, compress=True)
    assert Client().get(f"/api/v1/preview/{token}.json").status_code == 404


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        signing.dumps({"entry": 1}, salt="another-salt"),
        signing.dumps({"entry": 1}, key="not-the-site-key", salt=SALT),
    ],
)
def test_forged_tokens_are_404(draft, token):
    response = Client().get(f"/api/v1/preview/{token}.json")
    assert response.status_code == 404
    assert b"Unfinished" not in response.content


def test_expired_token_is_404(draft, settings):
    url = preview_api_url(draft).removeprefix(SITE)
    settings.CMS_PREVIEW_MAX_AGE = -1
    assert Client().get(url).status_code == 404


def test_token_for_a_deleted_entry_is_404(draft):
    url = preview_api_url(draft).removeprefix(SITE)
    draft.delete()
    assert Client().get(url).status_code == 404
