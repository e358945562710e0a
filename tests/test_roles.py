"""Who may do what: the permission matrix, driven through the real admin."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from cms.models import Entry
from cms.publishing import Status
from tests.factories import make_entry, make_member, make_user
from tests.test_admin import form_data

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "owner", "other_author", "translator", "editor", "superuser"]


def client_for(role: str) -> Client:
    client = Client()
    users = {
        "owner": lambda: make_member("author", "alice"),
        "other_author": lambda: make_member("author", "bob"),
        "translator": lambda: make_member("translator", "tao"),
        "editor": lambda: make_member("editor", "edith"),
        "superuser": lambda: make_user("root", superuser=True),
    }
    if role != "anonymous":
        client.force_login(users[role]())
    return client


@pytest.fixture
def draft():
    """A draft original written by alice, with two revisions."""
    alice = make_member("author", "alice-owner")
    entry = make_entry("First title", slug="draft-entry", status=Status.DRAFT, authors=[alice])
    entry.created_by = alice
    entry.title = "Second title"
    entry.save()
    return entry


def setup(role, draft):
    """Log in as ``role``; for ``owner``, make that user the draft's author."""
    client = client_for(role)
    if role == "owner":
        alice = get_user_model().objects.get(username="alice")
        draft.authors.set([alice])
        Entry.objects.filter(pk=draft.pk).update(created_by=alice)
    draft.refresh_from_db()
    return client


def do_view(client, entry):
    return client.get(reverse("admin:cms_entry_change", args=[entry.pk]))


def do_add(client, entry):
    return client.post(reverse("admin:cms_entry_add"), form_data(slug="brand-new"))


def do_change(client, entry):
    return client.post(
        reverse("admin:cms_entry_change", args=[entry.pk]), form_data(entry, title="Changed")
    )


def do_publish(client, entry):
    return client.post(
        reverse("admin:cms_entry_changelist"),
        {"action": "publish", "_selected_action": [entry.pk], "index": 0},
    )


def do_revert(client, entry):
    oldest = entry.history.order_by("history_id").first()
    return client.post(reverse("admin:cms_entry_restore", args=[entry.pk, oldest.history_id]))


def do_delete(client, entry):
    return client.post(reverse("admin:cms_entry_delete", args=[entry.pk]), {"post": "yes"})


def effect_of(operation, entry_pk) -> bool:
    """Did the operation change the database the way it was meant to?"""
    entry = Entry.objects.filter(pk=entry_pk).first()
    return {
        "view": False,
        "add": Entry.objects.filter(slug="brand-new").exists(),
        "change": entry is not None and entry.title == "Changed",
        "publish": entry is not None and entry.status == Status.PUBLISHED,
        "revert": entry is not None and entry.title == "First title",
        "delete": entry is None,
    }[operation]


OPERATIONS = {
    "view": do_view,
    "add": do_add,
    "change": do_change,
    "publish": do_publish,
    "revert": do_revert,
    "delete": do_delete,
}

# (status code, whether the database changed) for every role and operation.
# 302 for anonymous is the login redirect; for other_author viewing or changing
# someone else's entry it is the admin's "does not exist" redirect (authors
# only see their own entries); for a publish action by a non-editor it is the
# changelist's "No action selected" redirect, since the action is not offered.
MATRIX = {
    "anonymous": {
        "view": (302, False),
        "add": (302, False),
        "change": (302, False),
        "publish": (302, False),
        "revert": (302, False),
        "delete": (302, False),
    },
    "owner": {
        "view": (200, False),
        "add": (302, True),
        "change": (302, True),
        "publish": (302, False),
        "revert": (403, False),
        "delete": (403, False),
    },
    "other_author": {
        "view": (302, False),
        "add": (302, True),
        "change": (302, False),
        "publish": (302, False),
        "revert": (404, False),  # an entry they may not see does not exist for them
        "delete": (403, False),
    },
    "translator": {
        "view": (200, False),
        "add": (200, False),
        "change": (403, False),
        "publish": (302, False),
        "revert": (403, False),
        "delete": (403, False),
    },
    "editor": {
        "view": (200, False),
        "add": (302, True),
        "change": (302, True),
        "publish": (302, True),
        "revert": (302, True),
        "delete": (302, True),
    },
    "superuser": {
        "view": (200, False),
        "add": (302, True),
        "change": (302, True),
        "publish": (302, True),
        "revert": (302, True),
        "delete": (302, True),
    },
}


@pytest.mark.parametrize("operation", list(OPERATIONS))
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(role, operation, draft):
    client = setup(role, draft)
    response = OPERATIONS[operation](client, draft)
    expected_status, expected_effect = MATRIX[role][operation]
    assert (response.status_code, effect_of(operation, draft.pk)) == (
        expected_status,
        expected_effect,
    )


def test_translator_creates_a_translation_but_not_an_original(client):
    original = make_entry("Original", slug="orig", status=Status.PUBLISHED)
    client.force_login(make_member("translator"))
    refused = client.post(reverse("admin:cms_entry_add"), form_data(slug="mine"))
    assert "Translators create translations" in refused.content.decode()
    response = client.post(
        reverse("admin:cms_entry_add"),
        form_data(
            slug="orig",
            language="zh-hans",
            translation_of=original.pk,
            translation_method="machine",
            translator="DeepL",
            title="原文",
        ),
    )
    assert response.status_code == 302
    assert Entry.objects.get(language="zh-hans", slug="orig").translation_of == original


def test_author_cannot_publish_through_the_form(client):
    author = make_member("author")
    client.force_login(author)
    forged = form_data(status="published", _workflow="publish")
    response = client.post(reverse("admin:cms_entry_add"), forged)
    assert response.status_code == 200
    assert "“Publish now” is not open to you" in str(response.context["adminform"].form.errors)
    assert not Entry.objects.exists()
    client.post(reverse("admin:cms_entry_add"), form_data(status="published"))
    assert Entry.objects.get().status == Status.DRAFT  # the status is not a form field


def test_author_submits_for_review_and_can_no_longer_edit(client):
    author = make_member("author")
    client.force_login(author)
    client.post(reverse("admin:cms_entry_add"), form_data())
    entry = Entry.objects.get()
    response = client.post(
        reverse("admin:cms_entry_changelist"),
        {"action": "submit_for_review", "_selected_action": [entry.pk], "index": 0},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == Status.REVIEW
    edit = client.post(
        reverse("admin:cms_entry_change", args=[entry.pk]), form_data(entry, title="Sneaky")
    )
    assert edit.status_code == 403
    entry.refresh_from_db()
    assert entry.title == "A new method"


def test_refused_action_names_the_entries_it_did_not_change(client):
    editor = make_member("editor")
    client.force_login(editor)
    published = make_entry("Already out", status=Status.PUBLISHED)
    response = client.post(
        reverse("admin:cms_entry_changelist"),
        {"action": "publish", "_selected_action": [published.pk], "index": 0},
        follow=True,
    )
    assert "Not changed" in response.content.decode()
    assert "Already out" in response.content.decode()


def test_editor_sees_entries_waiting_for_review(client):
    make_entry("Waiting one", status=Status.REVIEW)
    make_entry("Still a draft", status=Status.DRAFT)
    client.force_login(make_member("editor"))
    index = client.get(reverse("admin:index")).content.decode()
    assert "Waiting for review" in index
    assert "status__exact=review" in index
    listing = client.get(reverse("admin:cms_entry_changelist"), {"status__exact": "review"})
    assert "Waiting one" in listing.content.decode()
    assert "Still a draft" not in listing.content.decode()


def test_setup_roles_is_idempotent(capsys):
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    before = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    call_command("setup_roles")
    call_command("setup_roles")
    after = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    assert before == after
    assert {"author", "translator", "editor"} <= set(after)
    assert "publish_entry" in after["editor"] and "publish_entry" not in after["author"]
    assert "Roles ready" in capsys.readouterr().out
