"""Token writes under the admin's rules: roles, status transitions, stale versions, validation.

Every refusal is checked twice: the status and JSON message, and an
unchanged database (nothing created, nothing overwritten).
"""

import json

import pytest
from django.core.cache import cache
from django.test import Client
from rest_framework.authtoken.models import Token

from cms.models import Entry
from cms.publishing import Status
from tests.factories import make_entry, make_member, make_topic, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle_history():
    cache.clear()


def client_for(user) -> Client:
    token, _created = Token.objects.get_or_create(user=user)
    return Client(headers={"Authorization": f"Token {token.key}"})


def post(client: Client, data: dict):
    return client.post("/api/v1/entries/", json.dumps(data), content_type="application/json")


def patch(client: Client, entry: Entry, data: dict, **headers):
    return client.patch(
        f"/api/v1/entries/{entry.pk}/",
        json.dumps(data),
        content_type="application/json",
        headers=headers,
    )


def payload(**fields) -> dict:
    return {"title": "New entry", "slug": "new-entry", "language": "en", **fields}


def error_fields(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["detail"]
    return data["errors"]


def snapshot(entry: Entry) -> tuple:
    entry = Entry.objects.get(pk=entry.pk)
    return (entry.title, entry.status, entry.version, entry.body, entry.publish_at)


@pytest.fixture
def alice():
    return make_member("author", "alice")


@pytest.fixture
def alices_draft(alice):
    entry = make_entry("Alice's draft", slug="alices-draft", status=Status.DRAFT, authors=[alice])
    Entry.objects.filter(pk=entry.pk).update(created_by=alice)
    return Entry.objects.get(pk=entry.pk)


class TestAuthentication:
    def test_anonymous_writes_are_401_and_create_nothing(self):
        response = post(Client(), payload())
        assert error_fields(response, 401) == {}
        assert response["WWW-Authenticate"] == "Token"
        assert not Entry.objects.exists()

    def test_a_session_is_not_enough_the_write_api_takes_tokens_only(self, alice):
        client = Client()
        client.force_login(alice)
        error_fields(post(client, payload()), 401)
        assert not Entry.objects.exists()

    def test_unknown_token_is_401(self):
        client = Client(headers={"Authorization": "Token 0123456789abcdef"})
        error_fields(post(client, payload()), 401)

    def test_token_of_a_deactivated_account_is_401(self, alice):
        client = client_for(alice)
        alice.is_active = False
        alice.save()
        error_fields(post(client, payload()), 401)
        assert not Entry.objects.exists()

    def test_token_of_an_account_without_a_role_is_403(self):
        error_fields(post(client_for(make_user("nobody", staff=True)), payload()), 403)
        error_fields(post(client_for(make_user("reader")), payload()), 403)
        assert not Entry.objects.exists()

    def test_revoked_token_is_401(self, alice):
        client = client_for(alice)
        Token.objects.filter(user=alice).delete()
        error_fields(post(client, payload()), 401)


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


class TestByline:
    def test_a_new_entry_credits_its_creator_unless_the_request_names_the_byline(self, alice):
        mara = make_member("author", "mara")
        assert post(client_for(alice), payload()).status_code == 201
        assert [u.username for u in Entry.objects.get(slug="new-entry").authors.all()] == ["alice"]
        assert post(client_for(alice), payload(slug="two", authors=["mara"])).status_code == 201
        assert [u.username for u in Entry.objects.get(slug="two").authors.all()] == [mara.username]
        assert post(client_for(alice), payload(slug="three", authors=[])).status_code == 201
        assert not Entry.objects.get(slug="three").authors.exists()
