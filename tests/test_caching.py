"""Cache headers: public pages may be kept by a CDN; nothing personal or unpublished may."""

import pytest

from cms.preview import preview_path
from cms.publishing import Status
from tests.factories import make_entry, make_member


@pytest.fixture
def entry(db):
    return make_entry("Sparse attention", slug="sparse-attention")


def test_public_entry_page_may_be_shared_by_caches(client, entry, settings):
    settings.CMS_PAGE_MAX_AGE = 120
    response = client.get("/en/entries/sparse-attention/")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=120"


def test_page_answers_304_when_the_reader_already_has_it(client, entry):
    first = client.get("/en/entries/sparse-attention/")
    again = client.get("/en/entries/sparse-attention/", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


def test_edited_entry_gets_a_new_etag(client, entry):
    before = client.get("/en/entries/sparse-attention/")["ETag"]
    entry.title = "Sparse attention, revisited"
    entry.save()
    after = client.get("/en/entries/sparse-attention/", headers={"If-None-Match": before})
    assert after.status_code == 200
    assert after["ETag"] != before


def test_feed_and_missing_page_are_shareable_too(client, entry):
    assert client.get("/en/feed.xml")["Cache-Control"].startswith("public, max-age=")
    missing = client.get("/en/entries/no-such-entry/")
    assert missing.status_code == 404
    assert missing["Cache-Control"].startswith("public, max-age=")


def test_admin_pages_are_never_shared(client, entry):
    client.force_login(make_member("editor"))
    response = client.get("/admin/cms/entry/")
    assert response.status_code == 200
    assert "public" not in response.get("Cache-Control", "")
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_preview_of_a_draft_is_never_stored(client, db):
    draft = make_entry("Unreleased result", status=Status.DRAFT)
    response = client.get(preview_path(draft))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_api_keeps_its_own_revalidation_policy(client, entry):
    response = client.get("/api/v1/en/entries.json")
    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_zero_max_age_turns_page_caching_off(client, entry, settings):
    settings.CMS_PAGE_MAX_AGE = 0
    assert not client.get("/en/entries/sparse-attention/").has_header("Cache-Control")
