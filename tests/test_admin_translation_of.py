"""The admin's "Translation of" field: the same rule as the API, on add and on change.

An author names only entries they can see (their own), a translator cannot
turn a translation into an original, and the select never shows the title of
an entry the user may not see. Every refusal leaves the database as it was.
"""

import pytest
from django.test import Client

from cms.models import Entry, TranslationMethod
from cms.publishing import Status
from tests.factories import make_entry, make_member, tomorrow
from tests.test_admin import ADD_URL, change_url, form_data

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def owned_draft(user, title, **fields):
    entry = make_entry(title, status=Status.DRAFT, authors=[user], **fields)
    Entry.objects.filter(pk=entry.pk).update(created_by=user)
    entry.refresh_from_db()
    return entry


@pytest.fixture
def alice():
    return make_member("author", "alice")


@pytest.fixture
def bobs_entries():
    """Another author's entries in every state an author must not see."""
    bob = make_member("author", "bob")
    return [
        owned_draft(bob, "Bob's secret draft", slug="bob-draft"),
        make_entry("Bob's entry in review", slug="bob-review", status=Status.REVIEW),
        make_entry("Bob's scheduled entry", slug="bob-scheduled", publish_at=tomorrow()),
        make_entry("Bob's archived entry", slug="bob-archived", status=Status.ARCHIVED),
    ]


def translation_form(original_id, **overrides):
    return form_data(
        title="Alice's translation",
        slug="alice-translation",
        language="zh-hans",
        translation_of=original_id,
        translation_method=TranslationMethod.HUMAN,
        translator="Alice",
        **overrides,
    )


def test_add_link_shows_no_title_of_an_entry_the_author_cannot_see(alice, bobs_entries):
    client = logged_in(alice)
    for entry in bobs_entries:
        page = client.get(f"{ADD_URL}?translation_of={entry.pk}&language=zh-hans").content.decode()
        assert entry.title.replace("'", "&#x27;") not in page


def test_add_link_shows_the_title_of_the_authors_own_original(alice):
    own = owned_draft(alice, "Alice's original")
    page = logged_in(alice).get(f"{ADD_URL}?translation_of={own.pk}").content.decode()
    assert "Alice&#x27;s original" in page


def test_author_cannot_add_a_translation_of_an_entry_they_cannot_see(alice, bobs_entries):
    client = logged_in(alice)
    for entry in bobs_entries:
        response = client.post(ADD_URL, translation_form(entry.pk))
        assert response.status_code == 200
        assert "translation_of" in response.context["adminform"].form.errors
    assert not Entry.objects.filter(slug="alice-translation").exists()


def test_author_cannot_make_a_draft_a_translation_of_another_authors_draft(alice, bobs_entries):
    bobs_draft = bobs_entries[0]
    mine = owned_draft(alice, "Alice's draft", slug="alice-draft", language="zh-hans")
    response = logged_in(alice).post(
        change_url(mine),
        form_data(
            mine,
            translation_of=bobs_draft.pk,
            translation_method=TranslationMethod.HUMAN,
            translator="Alice",
        ),
    )
    assert response.status_code == 200
    assert "translation_of" in response.context["adminform"].form.errors
    assert "Bob&#x27;s secret draft" not in response.content.decode()
    mine.refresh_from_db()
    assert (mine.translation_of, mine.version) == (None, 1)
    assert not bobs_draft.translations.exists()


def test_author_translates_their_own_original(alice):
    own = owned_draft(alice, "Alice's original")
    response = logged_in(alice).post(ADD_URL, translation_form(own.pk))
    assert response.status_code == 302
    assert Entry.objects.get(slug="alice-translation").translation_of == own


def test_translator_cannot_turn_a_translation_into_an_original():
    original = make_entry("Original", slug="orig")
    translation = make_entry(
        "译文",
        slug="orig",
        language="zh-hans",
        status=Status.DRAFT,
        translation_of=original,
        translation_method=TranslationMethod.HUMAN,
        translator="Li",
    )
    client = logged_in(make_member("translator", "tao"))
    response = client.post(
        change_url(translation),
        form_data(
            translation,
            translation_of="",
            translation_method=TranslationMethod.ORIGINAL,
            translator="",
        ),
    )
    assert response.status_code == 200
    assert "translation_of" in response.context["adminform"].form.errors
    translation.refresh_from_db()
    assert (translation.translation_of, translation.version) == (original, 1)


def test_author_keeps_a_link_an_editor_made_to_an_original_they_cannot_see(alice):
    """Saving one's own draft does not need the right to make the link it already has."""
    editors_original = make_entry("The editor's original", slug="orig")
    mine = owned_draft(
        alice,
        "Alice's translation",
        slug="orig",
        language="zh-hans",
        translation_of=editors_original,
        translation_method=TranslationMethod.HUMAN,
        translator="Alice",
    )
    client = logged_in(alice)
    assert "The editor&#x27;s original" in client.get(change_url(mine)).content.decode()
    response = client.post(change_url(mine), form_data(mine, body="Better text."))
    assert response.status_code == 302, response.context["adminform"].form.errors
    mine.refresh_from_db()
    assert (mine.translation_of, mine.body) == (editors_original, "Better text.")
