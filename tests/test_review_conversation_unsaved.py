"""Posting in the review conversation never loses what the writer typed in the entry form.

The page's script posts the panel alone and gets the panel back (the form is
never left); without the script, the comment carries the whole form, and edits
that differ from the saved entry come back in the change form, unsaved.
"""

import html5lib
import pytest
from django.test import Client
from django.urls import reverse

from cms.models import Comment, Entry
from cms.publishing import Status
from tests.factories import make_entry, make_member
from tests.test_admin import change_url, form_data

pytestmark = pytest.mark.django_db

PANEL = {"HTTP_X_CMS_CONVERSATION": "panel"}


@pytest.fixture
def edith() -> Client:
    client = Client()
    client.force_login(make_member("editor", "edith"))
    return client


@pytest.fixture
def entry():
    return make_entry("Sparse attention", status=Status.REVIEW, body="It is fast.")


def comment_url(entry) -> str:
    return reverse("admin:cms_entry_comment", args=[entry.pk])


def parse(response):
    return html5lib.parse(response.content, namespaceHTMLElements=False)


def test_the_script_gets_the_panel_alone_with_the_new_comment_and_a_notice(edith, entry):
    response = edith.post(comment_url(entry), {"_comment_body": "Which baseline?"}, **PANEL)
    assert response.status_code == 200
    tree = parse(response)
    assert tree.find(".//form") is None  # not a page: the form in the browser stays
    panel = tree.find(".//fieldset[@id='conversation']")
    assert "Which baseline?" in "".join(panel.find(".//article").itertext())
    notice = panel.find(".//p[@role='status']")
    assert notice.text == "Comment posted."


def test_a_refused_post_answers_the_script_with_the_reason_and_a_400(edith, entry):
    response = edith.post(comment_url(entry), {"_comment_body": "  "}, **PANEL)
    assert response.status_code == 400
    notice = parse(response).find(".//p[@role='alert']")
    assert notice.text == "Write a comment first; nothing was posted."
    assert not Comment.objects.exists()


def test_the_script_resolves_a_thread_and_gets_the_panel_back(edith, entry):
    thread = Comment.objects.create(entry=entry, body="Cite it.")
    url = reverse("admin:cms_entry_resolve", args=[entry.pk, thread.pk])
    response = edith.post(url, {"_resolve": "1"}, **PANEL)
    assert response.status_code == 200
    assert "1 resolved thread" in response.content.decode()
    assert Comment.objects.get().is_resolved


def test_without_the_script_unsaved_edits_come_back_in_the_form_unsaved(edith, entry):
    data = form_data(entry, title="Sparse attention, revised", body="It is 3.1 times faster.")
    response = edith.post(comment_url(entry), {**data, "_comment_body": "Numbers added."})
    assert response.status_code == 200
    assert Comment.objects.get().body == "Numbers added."
    saved = Entry.objects.get(pk=entry.pk)
    assert (saved.title, saved.body, saved.version) == (entry.title, entry.body, entry.version)
    tree = parse(response)
    form = tree.find(".//form[@id='entry_form']")
    assert form.get("action") == change_url(entry)  # saving goes to the entry, not the comment
    assert form.find(".//input[@name='title']").get("value") == "Sparse attention, revised"
    assert "".join(form.find(".//textarea[@name='body']").itertext()).strip() == (
        "It is 3.1 times faster."
    )
    assert form.find(".//input[@name='loaded_version']").get("value") == str(entry.version)
    page = response.content.decode()
    assert "Comment posted." in page and "Your edits to the entry are not saved yet" in page


def test_the_kept_edits_save_from_the_form_they_came_back_in(edith, entry):
    data = form_data(entry, body="It is 3.1 times faster.")
    edith.post(comment_url(entry), {**data, "_comment_body": "Numbers added."})
    assert edith.post(change_url(entry), data).status_code == 302
    assert Entry.objects.get(pk=entry.pk).body == "It is 3.1 times faster."


def test_the_kept_edits_are_still_checked_against_a_save_made_meanwhile(edith, entry):
    """The form comes back with the version it was loaded from, so a colleague's save in
    between is a conflict on the next save, not silently overwritten."""
    data = form_data(entry, body="Mine.")
    edith.post(comment_url(entry), {**data, "_comment_body": "Numbers added."})
    Entry.objects.get(pk=entry.pk).save()  # someone else saves
    response = edith.post(change_url(entry), data)
    assert response.status_code == 200
    assert "so your changes were not saved" in response.content.decode()
    assert Entry.objects.get(pk=entry.pk).body == "It is fast."


def test_without_edits_the_post_returns_to_the_saved_entry(edith, entry):
    data = form_data(entry, body=entry.body.replace("\n", "\r\n"))
    response = edith.post(comment_url(entry), {**data, "_comment_body": "Fine."})
    assert response.status_code == 302
    assert response.url == change_url(entry) + "#conversation"


def test_a_refused_comment_without_the_script_keeps_the_edits_too(edith, entry):
    data = form_data(entry, body="Half-written.")
    response = edith.post(comment_url(entry), {**data, "_comment_body": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Write a comment first" in page and "Half-written." in page
