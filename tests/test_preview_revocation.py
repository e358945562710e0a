"""Preview links stop working when an editor revokes them, or when the entry is archived.

Both the preview page and its API twin (``/api/v1/preview/<token>.json``)
carry the same token, so every test checks both.
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from cms.api.preview import preview_api_url
from cms.models import Entry
from cms.preview import preview_path
from cms.publishing import Status
from tests.factories import make_entry, make_member

pytestmark = pytest.mark.django_db

SITE = "https://digest.example.org"


@pytest.fixture(autouse=True)
def fresh_throttle_history():
    cache.clear()


@pytest.fixture
def draft():
    return make_entry("Embargoed", slug="embargoed", status=Status.DRAFT, body="Secret result.")


def shared_links(entry: Entry) -> list[str]:
    """The links an editor copied from the admin and sent around."""
    return [preview_path(entry), preview_api_url(entry).removeprefix(SITE)]


def opens(path: str) -> bool:
    response = Client().get(path)
    assert response.status_code in (200, 404)
    if response.status_code == 404:
        assert b"Secret result" not in response.content
    return response.status_code == 200


def changelist_action(client: Client, action: str, *entries: Entry):
    return client.post(
        reverse("admin:cms_entry_changelist"),
        {"action": action, "_selected_action": [entry.pk for entry in entries], "index": 0},
    )


def editor() -> Client:
    client = Client()
    client.force_login(make_member("editor", "edith"))
    return client


def test_editor_revokes_the_preview_links_of_an_entry(draft):
    links = shared_links(draft)
    assert all(map(opens, links))
    response = changelist_action(editor(), "revoke_preview_links", draft)
    assert response.status_code == 302
    assert not any(map(opens, links))


def test_after_revoking_the_admin_offers_a_new_link_that_works(draft):
    old_link = preview_path(draft)
    client = editor()
    changelist_action(client, "revoke_preview_links", draft)
    page = client.get(reverse("admin:cms_entry_change", args=[draft.pk])).content.decode()
    [new_link] = re.findall(r'href="(/preview/[^"]+/)"', page)
    assert new_link != old_link
    assert opens(new_link)


def test_revoking_one_entry_leaves_the_links_of_others_working(draft):
    other = make_entry("Other draft", slug="other", status=Status.DRAFT)
    changelist_action(editor(), "revoke_preview_links", draft)
    assert all(map(opens, shared_links(other)))


def test_revoking_changes_nothing_else_about_the_entry(draft):
    before = Entry.objects.values().get(pk=draft.pk)
    changelist_action(editor(), "revoke_preview_links", draft)
    after = Entry.objects.values().get(pk=draft.pk)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"preview_key"}


def test_author_may_revoke_links_to_their_own_draft_only(draft):
    alice = make_member("author", "alice")
    own = make_entry("Alice's", slug="alices", status=Status.DRAFT, authors=[alice])
    Entry.objects.filter(pk=own.pk).update(created_by=alice)
    client = Client()
    client.force_login(alice)
    own_links, other_links = shared_links(own), shared_links(draft)
    changelist_action(client, "revoke_preview_links", own, draft)
    assert not any(map(opens, own_links))
    assert all(map(opens, other_links))


def test_archiving_stops_the_links_and_unarchiving_does_not_revive_them(draft):
    links = shared_links(draft)
    client = editor()
    changelist_action(client, "archive", draft)
    assert Entry.objects.get(pk=draft.pk).status == Status.ARCHIVED
    assert not any(map(opens, links))
    changelist_action(client, "unpublish", draft)
    assert Entry.objects.get(pk=draft.pk).status == Status.DRAFT
    assert not any(map(opens, links))


def test_an_archived_entry_has_no_preview_link_at_all(draft):
    Entry.objects.filter(pk=draft.pk).update(status=Status.ARCHIVED)
    draft.refresh_from_db()
    assert not any(map(opens, shared_links(draft)))


def test_deleting_stops_the_links(draft):
    links = shared_links(draft)
    draft.delete()
    assert not any(map(opens, links))
