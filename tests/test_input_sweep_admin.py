"""The admin's add and change forms (entries, pages, topics) and revision restore, fed
control characters and Markdown that cannot be rendered: a field error naming the
character, the text kept, nothing changed.
"""

import pytest
from django.test import Client
from django.urls import reverse

from cms.models import Entry, Page, Topic
from cms.publishing import Status
from tests.factories import make_entry, make_user
from tests.support import input_sweep as shared
from tests.support.input_sweep import CHARACTERS, renders, unrenderable
from tests.test_admin import form_data

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/input_sweep.py for the modules that share them.
fresh_throttle_history = shared.fresh_throttle_history


# A browser cannot send an unpaired surrogate (UTF-8 has no bytes for it); JSON can.
BROWSER_CHARACTERS = {name: c for name, c in CHARACTERS.items() if name != "lone-surrogate"}


browser_control = pytest.mark.parametrize(
    "c", BROWSER_CHARACTERS.values(), ids=BROWSER_CHARACTERS.keys()
)


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(make_user("ed", superuser=True))
    return client


def form_errors(response, *fields: str) -> dict:
    """The admin form's errors, which must be on exactly ``fields``."""
    assert response.status_code == 200, response.status_code
    errors = response.context["adminform"].form.errors
    assert set(errors) == set(fields), errors
    return errors


def assert_names_the_character(errors: dict, c: str, labels: dict[str, str]) -> None:
    """Each message names the field and the character (Django's own words for NUL)."""
    for field, label in labels.items():
        message = " ".join(errors[field])
        if c == "\x00":
            assert "Null characters are not allowed" in message
        else:
            assert f"The {label} field has" in message and f"U+{ord(c):04X}" in message, message


ENTRY_LABELS = {
    "title": "title",
    "summary": "summary",
    "body": "body",
    "paper_authors": "paper authors",
}


def entry_fields_with(c: str) -> dict:
    return {
        "title": f"Fold{c}ing",
        "summary": f"A{c} summary",
        "body": f"Some{c} text",
        "paper_authors": f"Mei{c} Chen",
    }


@browser_control
def test_admin_add_refuses_control_characters_on_each_field_and_keeps_the_text(admin_client, c):
    sent = entry_fields_with(c)
    response = admin_client.post(reverse("admin:cms_entry_add"), form_data(**sent))
    assert_names_the_character(form_errors(response, *ENTRY_LABELS), c, ENTRY_LABELS)
    assert response.context["adminform"].form["body"].value() == sent["body"]
    assert f"Some{c} text" in response.content.decode()
    assert not Entry.objects.exists()


@browser_control
def test_admin_change_refuses_control_characters_and_changes_nothing(admin_client, c):
    entry = make_entry("Folding", slug="folding", status=Status.DRAFT)
    url = reverse("admin:cms_entry_change", args=[entry.pk])
    response = admin_client.post(url, form_data(entry, **entry_fields_with(c)))
    assert_names_the_character(form_errors(response, *ENTRY_LABELS), c, ENTRY_LABELS)
    stored = Entry.objects.get(pk=entry.pk)
    assert (stored.title, stored.version, stored.body) == ("Folding", 1, entry.body)


@browser_control
def test_page_admin_refuses_control_characters(admin_client, c):
    data = {"title": f"Ab{c}out", "slug": "about", "language": "en", "nav_order": 0}
    response = admin_client.post(reverse("admin:cms_page_add"), {**data, "body": f"We{c} read."})
    labels = {"title": "title", "body": "body"}
    assert_names_the_character(form_errors(response, *labels), c, labels)
    assert not Page.objects.exists()


@browser_control
def test_topic_admin_refuses_control_characters_in_every_name(admin_client, c):
    url = reverse("admin:cms_topic_add")
    other_names = [f for f in admin_client.get(url).context["adminform"].form.fields
                   if f.startswith("name_")]  # fmt: skip
    assert other_names  # a name field per language after the default
    data = {"name": f"Bio{c}logy", "slug": "biology"}
    response = admin_client.post(url, {**data, **{f: f"生物{c}学" for f in other_names}})
    errors = form_errors(response, "name", *other_names)
    assert_names_the_character(errors, c, {"name": "name"})
    assert c == "\x00" or all(f"U+{ord(c):04X}" in errors[f][0] for f in other_names)
    assert not Topic.objects.exists()


def test_restoring_a_revision_that_holds_a_control_character_is_refused_with_the_reason(
    admin_client,
):
    entry = make_entry("Folding", slug="folding", status=Status.DRAFT)
    old = entry.history.earliest()
    type(old).objects.filter(pk=old.pk).update(title="Fold\x01ing")  # written before the rule
    url = reverse("admin:cms_entry_restore", args=[entry.pk, old.history_id])
    response = admin_client.post(url, follow=True)
    assert response.status_code == 200
    (message,) = [str(m) for m in response.context["messages"]]
    assert "cannot be restored" in message and "U+0001" in message
    assert Entry.objects.get(pk=entry.pk).title == "Folding"


@unrenderable
def test_admin_add_with_unrenderable_markdown_is_a_body_error_with_the_text_kept(
    admin_client, body
):
    response = admin_client.post(reverse("admin:cms_entry_add"), form_data(body=body))
    if renders(body):
        assert response.status_code == 302
        return
    assert form_errors(response, "body")
    assert response.context["adminform"].form["body"].value() == body
    assert not Entry.objects.exists()


@unrenderable
def test_admin_change_with_unrenderable_markdown_keeps_text_and_entry(admin_client, body):
    entry = make_entry("Folding", slug="folding", status=Status.DRAFT)
    response = admin_client.post(
        reverse("admin:cms_entry_change", args=[entry.pk]), form_data(entry, body=body)
    )
    if renders(body):
        assert response.status_code == 302
        return
    assert form_errors(response, "body")
    assert response.context["adminform"].form["body"].value() == body
    assert Entry.objects.get(pk=entry.pk).version == 1


@unrenderable
def test_page_admin_with_unrenderable_markdown_is_a_body_error(admin_client, body):
    data = {"title": "About", "slug": "about", "language": "en", "nav_order": 0, "body": body}
    response = admin_client.post(reverse("admin:cms_page_add"), data)
    if renders(body):
        assert response.status_code == 302
        return
    assert form_errors(response, "body")
    assert not Page.objects.exists()
