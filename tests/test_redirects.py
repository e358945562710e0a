"""Old URLs of renamed entries: no draft can remove or take over another entry's redirect."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from cms.models import Entry, Redirect
from cms.publishing import Status
from tests.factories import make_entry, make_member
from tests.test_admin import form_data

pytestmark = pytest.mark.django_db

RESERVED = "/en/entries/old-x/"


@pytest.fixture
def renamed():
    """A public entry an editor renamed from old-x to new-x, so /en/entries/old-x/ redirects."""
    entry = make_entry("Public X", slug="old-x")
    entry.slug = "new-x"
    entry.save()
    return entry


@pytest.fixture
def author_draft():
    alice = make_member("author", "alice")
    draft = make_entry("Alice's draft", slug="alice-draft", status=Status.DRAFT, authors=[alice])
    Entry.objects.filter(pk=draft.pk).update(created_by=alice)
    draft.refresh_from_db()
    client = Client()
    client.force_login(alice)
    return draft, client


def admin_rename(client, entry, slug):
    return client.post(
        reverse("admin:cms_entry_change", args=[entry.pk]), form_data(entry, slug=slug)
    )


def test_the_old_url_of_a_renamed_public_entry_redirects(client, renamed):
    response = client.get(RESERVED)
    assert response.status_code == 301
    assert response["Location"] == "/en/entries/new-x/"


def test_author_cannot_take_a_public_entrys_old_slug_in_the_admin(client, renamed, author_draft):
    draft, author = author_draft
    response = admin_rename(author, draft, "old-x")
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["slug"]
    assert any(RESERVED in message for message in errors)
    draft.refresh_from_db()
    assert draft.slug == "alice-draft"
    assert client.get(RESERVED)["Location"] == "/en/entries/new-x/"


def test_author_cannot_take_a_public_entrys_old_slug_through_the_api(client, renamed):
    alice = make_member("author", "alice")
    token = Token.objects.create(user=alice)
    response = Client().post(
        "/api/v1/entries/",
        json.dumps({"title": "Squat", "slug": "old-x", "language": "en", "body": "x"}),
        content_type="application/json",
        headers={"Authorization": f"Token {token.key}"},
    )
    assert response.status_code == 400
    assert RESERVED in " ".join(response.json()["errors"]["slug"])
    assert not Entry.objects.filter(slug="old-x").exists()
    assert client.get(RESERVED)["Location"] == "/en/entries/new-x/"


def test_a_draft_saved_over_the_old_path_never_removes_or_takes_the_redirect(client, renamed):
    """Below the forms: whatever path saves an entry, another entry's redirect stays its own."""
    draft = make_entry("Draft", slug="draft", status=Status.DRAFT)
    Entry.objects.filter(pk=draft.pk).update(slug="old-x")  # past the validation, as a bug might
    draft.refresh_from_db()
    draft.title = "Draft, edited"
    draft.save()
    draft.slug = "elsewhere"
    draft.save()
    assert Redirect.objects.get(old_path=RESERVED).entry_id == renamed.pk
    draft.status = Status.PUBLISHED
    draft.save()
    assert client.get(RESERVED)["Location"] == "/en/entries/new-x/"


def test_entry_may_take_back_its_own_old_slug(client, renamed):
    renamed.slug = "old-x"
    renamed.full_clean()
    renamed.save()
    assert client.get(RESERVED).status_code == 200
    assert not Redirect.objects.filter(old_path=RESERVED).exists()


def test_reserved_slug_is_refused_for_every_status_and_names_the_address(renamed):
    for status in Status.values:
        entry = Entry(title="Other", slug="old-x", language="en", status=status)
        with pytest.raises(ValidationError) as refused:
            entry.full_clean()
        assert RESERVED in " ".join(refused.value.message_dict["slug"])


def test_the_same_slug_in_another_language_is_free(renamed):
    Entry(title="Autre", slug="old-x", language="zh-hans").full_clean()


def test_editor_frees_the_slug_by_deleting_the_redirect_first(renamed):
    Redirect.objects.filter(old_path=RESERVED).delete()
    other = make_entry("Other", slug="other")
    other.slug = "old-x"
    other.full_clean()
    other.save()
    assert Entry.objects.get(pk=other.pk).slug == "old-x"


def test_an_import_gives_a_new_entry_another_slug_than_a_reserved_one(renamed):
    from tests.support.import_arxiv import feed, paper, run

    run(feed(paper(title="Old X")))
    imported = Entry.objects.get(import_ref__startswith="arxiv:")
    assert imported.slug == "old-x-2"
    assert Redirect.objects.get(old_path=RESERVED).entry_id == renamed.pk


def test_an_entry_that_already_holds_a_reserved_address_can_still_be_saved(renamed):
    """Data from before the rule (or an imported alias) must not lock an entry out of edits."""
    holder = make_entry("Holder", slug="holder")
    Redirect.objects.create(old_path="/en/entries/holder/", entry=renamed)
    holder.title = "Holder, edited"
    holder.full_clean()
    holder.save()
    assert Entry.objects.get(pk=holder.pk).title == "Holder, edited"
