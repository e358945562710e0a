"""Review conversations: threads beside the entry form, resolvable, anchored to a paragraph,
and the editors' review queue with who submitted what and how long it has waited."""

from datetime import timedelta

import html5lib
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.models import Comment, Entry, WorkflowStep
from cms.publishing import Status
from tests.factories import make_entry, make_member
from tests.test_admin import change_url, form_data

pytestmark = pytest.mark.django_db


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def comment(client, entry, body, **fields):
    data = {"_comment_body": body, **fields}
    return client.post(reverse("admin:cms_entry_comment", args=[entry.pk]), data, follow=True)


def reply(client, thread, body):
    data = {"_comment_parent": thread.pk, f"_comment_body_{thread.pk}": body}
    return client.post(reverse("admin:cms_entry_comment", args=[thread.entry_id]), data)


def resolve(client, thread, value="1"):
    url = reverse("admin:cms_entry_resolve", args=[thread.entry_id, thread.pk])
    return client.post(url, {"_resolve": value}, follow=True)


def conversation(client, entry):
    """The conversation panel of the change form: its threads' texts."""
    page = client.get(change_url(entry))
    tree = html5lib.parse(page.content, namespaceHTMLElements=False)
    panel = tree.find(".//fieldset[@id='conversation']")
    assert panel is not None
    return ["".join(thread.itertext()) for thread in panel.iterfind(".//article")]


@pytest.fixture
def alice():
    return make_member("author", "alice")


@pytest.fixture
def edith():
    return make_member("editor", "edith")


@pytest.fixture
def submitted(alice):
    entry = make_entry(
        "Sparse attention",
        status=Status.DRAFT,
        authors=[alice],
        body="It is fast.\n\nIt beats   the baseline\non GLUE.",
    )
    Entry.objects.filter(pk=entry.pk).update(created_by=alice)
    logged_in(alice).post(
        change_url(entry), form_data(entry, authors=[alice.pk], _workflow="submit")
    )
    entry.refresh_from_db()
    assert entry.status == Status.REVIEW
    return entry


def test_comments_thread_beside_the_form_and_anchor_to_a_paragraph(alice, edith, submitted):
    response = comment(logged_in(edith), submitted, "Which baseline?", _comment_paragraph="2")
    assert "Comment posted." in response.content.decode()
    thread = Comment.objects.get()
    assert (thread.paragraph, thread.quote) == (2, "It beats the baseline on GLUE.")
    reply(logged_in(alice), thread, "BERT-base.")
    reply_to_reply = Comment.objects.get(body="BERT-base.")
    reply(logged_in(edith), reply_to_reply, "Say so in the text.")
    assert Comment.objects.filter(parent=thread).count() == 2  # one thread, however deep
    [shown] = conversation(logged_in(alice), submitted)  # read-only for her now, still open
    assert "About paragraph 2" in shown and "It beats the baseline on GLUE." in shown
    assert shown.index("Which baseline?") < shown.index("BERT-base.") < shown.index("Say so")


def test_the_author_resolves_and_reopens_a_thread_on_their_entry(alice, edith, submitted):
    comment(logged_in(edith), submitted, "Cite the paper.")
    thread = Comment.objects.get()
    assert "Thread resolved." in resolve(logged_in(alice), thread).content.decode()
    thread.refresh_from_db()
    assert (thread.is_resolved, thread.resolved_by) == (True, alice)
    assert "1 resolved thread" in logged_in(edith).get(change_url(submitted)).content.decode()
    resolve(logged_in(edith), thread, "0")
    thread.refresh_from_db()
    assert not thread.is_resolved


def test_a_member_who_neither_wrote_nor_edits_may_not_resolve(alice, edith, submitted):
    tom = make_member("translator", "tom")
    comment(logged_in(edith), submitted, "Cite the paper.")
    thread = Comment.objects.get()
    response = resolve(logged_in(tom), thread)
    assert "Only who started the thread" in response.content.decode()
    assert not Comment.objects.get().is_resolved


def test_nobody_comments_on_an_entry_they_cannot_see(submitted):
    stranger = make_member("author", "bob")
    response = comment(logged_in(stranger), submitted, "Hello")
    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_an_empty_comment_is_refused_with_a_message(edith, submitted):
    response = comment(logged_in(edith), submitted, "   ")
    assert "Write a comment first" in response.content.decode()
    assert not Comment.objects.exists()


def test_posting_a_comment_never_changes_the_entry(edith, submitted):
    version = submitted.version
    comment(logged_in(edith), submitted, "Fine by me.")
    assert Entry.objects.get(pk=submitted.pk).version == version


def test_the_review_queue_shows_submitter_age_and_open_threads(alice, edith, submitted):
    WorkflowStep.objects.filter(entry=submitted).update(
        created_at=submitted.updated_at - timedelta(hours=3)
    )
    comment(logged_in(edith), submitted, "Which baseline?")
    index = logged_in(edith).get(reverse("admin:index")).content.decode()
    queue = index[index.index("cms-review-queue") :]
    assert "Sparse attention" in queue
    assert "submitted by alice, waiting 3" in queue and "hours" in queue
    assert "1 open thread" in queue


def test_a_comment_whose_writer_was_deleted_shows_as_a_former_members(submitted, edith):
    bob = make_member("editor", "bob")
    comment(logged_in(bob), submitted, "Check the GLUE numbers.")
    bob.delete()
    [text] = conversation(logged_in(edith), submitted)
    assert "a former member" in text and "Check the GLUE numbers." in text


def test_the_change_form_asks_as_many_queries_for_six_threads_as_for_one(alice):
    """For a writer on the byline who did not create the entry, whether they may resolve
    a thread is decided once, not once per thread."""
    bob = make_member("author", "bob")
    entry = make_entry("Shared", status=Status.DRAFT, authors=[alice, bob])
    Entry.objects.filter(pk=entry.pk).update(created_by=alice)
    client = logged_in(bob)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(change_url(entry)).status_code == 200
        return len(captured.captured_queries)

    Comment.objects.create(entry=entry, author=alice, body="One.")
    client.get(change_url(entry))
    one = queries()
    for number in range(5):
        Comment.objects.create(entry=entry, author=alice, body=f"More {number}.")
    assert queries() == one
