"""Creating entries through the token API under the admin's rules: roles decide status and
translations, model rules give a message per field, Markdown is sanitised, the byline credits
the creator unless the request names one.

Every refusal is checked twice: the status and JSON message, and an unchanged database
(nothing created, nothing overwritten).
"""

import json

import pytest

from cms.models import Entry
from cms.publishing import Status
from tests.factories import make_entry, make_member, make_topic
from tests.support import api_writes as shared
from tests.support.api_writes import client_for, error_fields, payload, post

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/api_writes.py for the modules that share them.
fresh_throttle_history = shared.fresh_throttle_history
alice = shared.alice


class TestCreate:
    def test_author_creates_a_draft_credited_to_them(self, alice):
        make_topic("ml")
        response = post(
            client_for(alice),
            payload(body="Some *text*", topics=["ml"], authors=["alice"], paper_authors=["A B"]),
        )
        assert response.status_code == 201, response.content
        data = json.loads(response.content)
        entry = Entry.objects.get(pk=data["id"])
        assert (entry.status, entry.created_by, entry.updated_by) == ("draft", alice, alice)
        assert data["version"] == 1 and data["public"] is False
        assert data["url"] is None and data["api_url"] is None
        assert data["topics"] == ["ml"] and data["authors"] == ["alice"]
        assert "<em>text</em>" in data["body_html"]
        assert data["preview_api_url"].startswith("https://digest.example.org/api/v1/preview/")
        assert response["Location"].endswith(f"/api/v1/entries/{entry.pk}/")
        assert entry.history.first().history_user == alice

    def test_author_may_submit_for_review_on_creation(self, alice):
        assert post(client_for(alice), payload(status="review")).status_code == 201

    @pytest.mark.parametrize(
        ("field", "value"),
        [("status", "published"), ("status", "archived"), ("publish_at", "2030-01-01T00:00Z")],
    )
    def test_author_cannot_publish_or_schedule(self, alice, field, value):
        errors = error_fields(post(client_for(alice), payload(**{field: value})), 403)
        assert list(errors) == [field]
        assert not Entry.objects.exists()

    def test_editor_creates_a_published_entry(self):
        response = post(client_for(make_member("editor", "edith")), payload(status="published"))
        data = json.loads(response.content)
        assert response.status_code == 201
        assert data["public"] is True
        assert data["api_url"] == "https://digest.example.org/api/v1/en/entries/new-entry.json"

    def test_translator_cannot_write_an_original(self):
        errors = error_fields(post(client_for(make_member("translator", "tao")), payload()), 403)
        assert list(errors) == ["translation_of"]
        assert not Entry.objects.exists()

    def test_translator_creates_a_translation_with_provenance(self):
        original = make_entry("Original", slug="orig")
        response = post(
            client_for(make_member("translator", "tao")),
            payload(
                language="zh-hans",
                slug="orig",
                translation_of=original.pk,
                translation_method="machine",
                translator="Google Translate",
            ),
        )
        assert response.status_code == 201, response.content
        entry = Entry.objects.get(language="zh-hans")
        assert (entry.translation_of, entry.translator) == (original, "Google Translate")

    def test_author_cannot_translate_an_entry_they_cannot_see(self, alice):
        other = make_entry("Someone else's", slug="other", status=Status.DRAFT)
        response = post(
            client_for(alice),
            payload(language="zh-hans", translation_of=other.pk, translation_method="human"),
        )
        errors = error_fields(response, 400)
        assert list(errors) == ["translation_of"]
        assert b"Someone else" not in response.content
        assert Entry.objects.count() == 1

    def test_model_rules_give_a_message_per_field(self, alice):
        make_entry(slug="taken")
        response = post(
            client_for(alice),
            payload(
                slug="Not A Slug",
                source_url="javascript:alert(1)",
                doi="nope",
                translator="Someone",
            ),
        )
        errors = error_fields(response, 400)
        assert {"slug", "source_url", "doi", "translation_method"} <= set(errors)
        assert all(isinstance(message, str) for messages in errors.values() for message in messages)
        assert Entry.objects.count() == 1

    def test_duplicate_slug_in_a_language_is_400(self, alice):
        make_entry(slug="new-entry")
        assert "__all__" in error_fields(post(client_for(alice), payload()), 400)

    def test_markdown_that_cannot_render_safely_is_400(self, alice):
        errors = error_fields(post(client_for(alice), payload(body="[" * 20000)), 400)
        assert list(errors) == ["body"]
        assert not Entry.objects.exists()

    def test_unknown_topics_and_authors_are_400(self, alice):
        errors = error_fields(post(client_for(alice), payload(topics=["nope"], authors=["x"])), 400)
        assert set(errors) == {"topics", "authors"}

    def test_missing_and_malformed_fields_are_400(self, alice):
        client = client_for(alice)
        errors = error_fields(post(client, {"title": 5, "language": "xx"}), 400)
        assert {"slug", "language"} <= set(errors)
        not_json = client.post("/api/v1/entries/", "not json", content_type="application/json")
        error_fields(not_json, 400)
        error_fields(post(client, ["a", "list"]), 400)
        assert not Entry.objects.exists()

    def test_script_in_markdown_is_sanitised(self, alice):
        response = post(client_for(alice), payload(body="<script>alert(1)</script>Hi"))
        assert b"<script>" not in json.loads(response.content)["body_html"].encode()


class TestByline:
    def test_a_new_entry_credits_its_creator_unless_the_request_names_the_byline(self, alice):
        mara = make_member("author", "mara")
        assert post(client_for(alice), payload()).status_code == 201
        assert [u.username for u in Entry.objects.get(slug="new-entry").authors.all()] == ["alice"]
        assert post(client_for(alice), payload(slug="two", authors=["mara"])).status_code == 201
        assert [u.username for u in Entry.objects.get(slug="two").authors.all()] == [mara.username]
        assert post(client_for(alice), payload(slug="three", authors=[])).status_code == 201
        assert not Entry.objects.get(slug="three").authors.exists()
