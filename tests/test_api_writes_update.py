"""Changing entries through the token API: the version (field or If-Match) guards against lost
updates (409, 412, 428), and roles decide who may see, change or publish what.

Every refusal is checked twice: the status and JSON message, and an unchanged database
(nothing created, nothing overwritten).
"""

import json

import pytest
from django.test import Client

from cms.models import Entry
from cms.publishing import Status
from tests.factories import make_entry, make_member, make_topic
from tests.support import api_writes as shared
from tests.support.api_writes import client_for, error_fields

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/api_writes.py for the modules that share them.
fresh_throttle_history = shared.fresh_throttle_history
alice = shared.alice


def patch(client: Client, entry: Entry, data: dict, **headers):
    return client.patch(
        f"/api/v1/entries/{entry.pk}/",
        json.dumps(data),
        content_type="application/json",
        headers=headers,
    )


def snapshot(entry: Entry) -> tuple:
    entry = Entry.objects.get(pk=entry.pk)
    return (entry.title, entry.status, entry.version, entry.body, entry.publish_at)


@pytest.fixture
def alices_draft(alice):
    entry = make_entry("Alice's draft", slug="alices-draft", status=Status.DRAFT, authors=[alice])
    Entry.objects.filter(pk=entry.pk).update(created_by=alice)
    return Entry.objects.get(pk=entry.pk)


class TestUpdate:
    def test_author_edits_own_draft_with_its_version(self, alice, alices_draft):
        response = patch(client_for(alice), alices_draft, {"title": "Better", "version": 1})
        assert response.status_code == 200, response.content
        data = json.loads(response.content)
        assert (data["title"], data["version"]) == ("Better", 2)
        assert response["ETag"] == '"2"'

    def test_if_match_carries_the_version(self, alice, alices_draft):
        client = client_for(alice)
        etag = client.get(f"/api/v1/entries/{alices_draft.pk}/")["ETag"]
        assert patch(client, alices_draft, {"title": "Better"}, If_Match=etag).status_code == 200

    def test_stale_version_field_is_409_and_nothing_is_overwritten(self, alice, alices_draft):
        editor = client_for(make_member("editor", "edith"))
        assert patch(editor, alices_draft, {"title": "Editor's", "version": 1}).status_code == 200
        before = snapshot(alices_draft)
        response = patch(client_for(alice), alices_draft, {"title": "Alice's", "version": 1})
        errors = error_fields(response, 409)
        assert list(errors) == ["version"]
        assert json.loads(response.content)["current_version"] == 2
        assert snapshot(alices_draft) == before
        assert Entry.objects.get(pk=alices_draft.pk).title == "Editor's"

    def test_stale_if_match_is_412_and_nothing_is_overwritten(self, alice, alices_draft):
        alices_draft.title = "Saved meanwhile"
        alices_draft.save()
        before = snapshot(alices_draft)
        response = patch(client_for(alice), alices_draft, {"body": "mine"}, If_Match='"1"')
        error_fields(response, 412)
        assert snapshot(alices_draft) == before

    def test_topics_are_not_overwritten_by_a_stale_write_either(self, alice, alices_draft):
        make_topic("ml")
        alices_draft.save()
        response = patch(client_for(alice), alices_draft, {"topics": ["ml"], "version": 1})
        error_fields(response, 409)
        assert not alices_draft.topics.exists()

    def test_a_change_without_a_version_is_428(self, alice, alices_draft):
        before = snapshot(alices_draft)
        assert list(error_fields(patch(client_for(alice), alices_draft, {"title": "X"}), 428)) == [
            "version"
        ]
        error_fields(patch(client_for(alice), alices_draft, {"title": "X"}, If_Match="*"), 428)
        assert snapshot(alices_draft) == before

    def test_a_foreign_etag_in_if_match_is_412(self, alice, alices_draft):
        response = patch(client_for(alice), alices_draft, {"title": "X"}, If_Match='"abc123"')
        error_fields(response, 412)

    def test_author_cannot_see_or_change_another_authors_draft(self, alices_draft):
        bob = client_for(make_member("author", "bob"))
        before = snapshot(alices_draft)
        assert bob.get(f"/api/v1/entries/{alices_draft.pk}/").status_code == 404
        error_fields(patch(bob, alices_draft, {"title": "Bob's", "version": 1}), 404)
        assert snapshot(alices_draft) == before

    def test_author_cannot_change_an_entry_in_review(self, alice, alices_draft):
        client = client_for(alice)
        assert patch(client, alices_draft, {"status": "review", "version": 1}).status_code == 200
        before = snapshot(alices_draft)
        error_fields(patch(client, alices_draft, {"title": "More", "version": 2}), 403)
        assert snapshot(alices_draft) == before

    def test_author_cannot_publish_their_draft(self, alice, alices_draft):
        before = snapshot(alices_draft)
        response = patch(client_for(alice), alices_draft, {"status": "published", "version": 1})
        assert list(error_fields(response, 403)) == ["status"]
        assert snapshot(alices_draft) == before

    def test_editor_publishes_and_the_entry_becomes_public(self, alices_draft):
        editor = client_for(make_member("editor", "edith"))
        response = patch(editor, alices_draft, {"status": "published", "version": 1})
        assert response.status_code == 200
        assert Client().get("/api/v1/en/entries/alices-draft.json").status_code == 200

    def test_translator_cannot_edit_an_original(self, alices_draft):
        translator = client_for(make_member("translator", "tao"))
        before = snapshot(alices_draft)
        error_fields(patch(translator, alices_draft, {"title": "X", "version": 1}), 403)
        assert snapshot(alices_draft) == before

    def test_translator_cannot_turn_a_translation_into_an_original(self):
        original = make_entry(slug="orig")
        translation = make_entry(
            slug="orig",
            language="zh-hans",
            status=Status.DRAFT,
            translation_of=original,
            translation_method="human",
            translator="Li",
        )
        translator = client_for(make_member("translator", "tao"))
        response = patch(translator, translation, {"translation_of": None, "version": 1})
        assert list(error_fields(response, 403)) == ["translation_of"]
        assert Entry.objects.get(pk=translation.pk).translation_of == original

    def test_invalid_change_is_400_and_changes_nothing(self, alice, alices_draft):
        before = snapshot(alices_draft)
        response = patch(client_for(alice), alices_draft, {"slug": "Bad Slug", "version": 1})
        assert list(error_fields(response, 400)) == ["slug"]
        assert snapshot(alices_draft) == before

    def test_editor_reads_any_entry_with_version_etag(self, alices_draft):
        editor = client_for(make_member("editor", "edith"))
        response = editor.get(f"/api/v1/entries/{alices_draft.pk}/")
        assert response.status_code == 200
        assert response["ETag"] == f'"{alices_draft.version}"'
        assert (
            editor.get(
                f"/api/v1/entries/{alices_draft.pk}/", headers={"If-None-Match": response["ETag"]}
            ).status_code
            == 304
        )
