"""Notifications: e-mail (Django's file backend here) and the admin inbox, sent by the worker.

These tests commit (``transaction=True``): notifications are queued only
after the change commits, and the worker (``deliver_webhooks``, which runs
every task) sends them, as in production. Nothing is sent by the request.
"""

import json
import time
from datetime import timedelta
from email import message_from_bytes
from email.policy import default as default_policy

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from cms.models import Entry, Notification, NotificationPreference
from cms.publishing import Status
from tests.factories import make_entry, make_member
from tests.test_admin import change_url, form_data

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def file_mail(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    return tmp_path / "mail"


def sent(folder) -> list:
    """Every e-mail the file backend wrote since the last call, parsed (the files are removed)."""
    if not folder.exists():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        for raw in path.read_bytes().split(b"-" * 79 + b"\n"):
            if raw.strip():
                found.append(message_from_bytes(raw, policy=default_policy))
        path.unlink()
    return found


def to(messages) -> list[str]:
    return sorted(message["To"] for message in messages)


def run_worker() -> None:
    call_command("deliver_webhooks", batch=True, interval=0, verbosity=0)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def team():
    return {
        "alice": make_member("author", "alice"),
        "edith": make_member("editor", "edith"),
        "eric": make_member("editor", "eric"),
        "tom": make_member("translator", "tom"),
    }


def alices_draft(team) -> Entry:
    entry = make_entry(
        "Sparse attention",
        slug="sparse",
        status=Status.DRAFT,
        authors=[team["alice"]],
        body="First paragraph.\n\nSecond paragraph about the benchmark.",
    )
    Entry.objects.filter(pk=entry.pk).update(created_by=team["alice"])
    entry.refresh_from_db()
    return entry


def test_an_authors_admin_submission_emails_every_editor_and_reaches_their_inbox(team, file_mail):
    entry = alices_draft(team)
    response = logged_in(team["alice"]).post(
        change_url(entry), form_data(entry, _workflow="submit")
    )
    assert response.status_code == 302
    assert sent(file_mail) == []  # the request only queued the task
    run_worker()
    mails = sorted(sent(file_mail), key=lambda mail: mail["To"])
    assert to(mails) == ["edith@example.org", "eric@example.org"]
    assert "Sparse attention" in mails[0]["Subject"]
    body = mails[0].get_content()
    assert "alice submitted “Sparse attention” for review." in body
    assert f"https://digest.example.org/admin/cms/entry/{entry.pk}/change/" in body
    inbox = logged_in(team["edith"]).get(reverse("admin:inbox")).content.decode()
    assert "An entry was submitted for review" in inbox and "Sparse attention" in inbox
    assert "Inbox (1 new)" in inbox
    assert not Notification.objects.filter(recipient__in=[team["alice"], team["tom"]]).exists()


def test_an_authors_api_submission_emails_every_editor_and_reaches_their_inbox(team, file_mail):
    token, _created = Token.objects.get_or_create(user=team["alice"])
    api = Client(headers={"Authorization": f"Token {token.key}"})
    response = api.post(
        "/api/v1/entries/",
        json.dumps(
            {"title": "Via the API", "slug": "via-api", "language": "en", "status": "review"}
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    run_worker()
    assert to(sent(file_mail)) == ["edith@example.org", "eric@example.org"]
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        "edith",
        "eric",
    }


def test_request_changes_returns_the_entry_to_its_author_who_is_told_why(team, file_mail):
    entry = alices_draft(team)
    logged_in(team["alice"]).post(change_url(entry), form_data(entry, _workflow="submit"))
    entry.refresh_from_db()
    run_worker()
    sent(file_mail)
    response = logged_in(team["edith"]).post(
        change_url(entry),
        form_data(
            entry, _workflow="request_changes", _workflow_comment="Name the second benchmark."
        ),
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.status == Status.DRAFT
    run_worker()
    [mail] = sent(file_mail)
    assert mail["To"] == "alice@example.org"
    assert "Name the second benchmark." in mail.get_content()
    author = logged_in(team["alice"])
    inbox = author.get(reverse("admin:inbox")).content.decode()
    assert "Changes were requested on your entry" in inbox
    assert "Name the second benchmark." in inbox
    # back with its author: editable again, and resubmittable
    assert author.post(change_url(entry), form_data(entry, title="Fixed")).status_code == 302
    entry.refresh_from_db()
    assert author.post(change_url(entry), form_data(entry, _workflow="submit")).status_code == 302


def test_a_comment_reaches_the_entrys_participants_and_not_its_writer(team, file_mail):
    entry = alices_draft(team)
    logged_in(team["alice"]).post(change_url(entry), form_data(entry, _workflow="submit"))
    run_worker()
    sent(file_mail)
    comment_url = reverse("admin:cms_entry_comment", args=[entry.pk])
    logged_in(team["edith"]).post(
        comment_url, {"_comment_body": "Which benchmark?", "_comment_paragraph": "2"}
    )
    run_worker()
    assert to(sent(file_mail)) == ["alice@example.org"]
    thread = entry.comments.get()
    assert (thread.paragraph, thread.quote) == (2, "Second paragraph about the benchmark.")
    logged_in(team["alice"]).post(
        comment_url, {"_comment_parent": thread.pk, f"_comment_body_{thread.pk}": "GLUE."}
    )
    run_worker()
    # edith took part; eric, the other editor, heard of the submission but not of the talk
    assert to(sent(file_mail)) == ["edith@example.org"]


def test_e_mail_preferences_silence_e_mail_but_not_the_inbox(team, file_mail):
    edith = logged_in(team["edith"])
    response = edith.post(reverse("admin:inbox"), {"email_comment": "on"})
    assert response.status_code == 302
    assert not NotificationPreference.objects.get(user=team["edith"]).email_submitted
    entry = alices_draft(team)
    logged_in(team["alice"]).post(change_url(entry), form_data(entry, _workflow="submit"))
    run_worker()
    assert to(sent(file_mail)) == ["eric@example.org"]
    assert Notification.objects.filter(recipient=team["edith"]).count() == 1


def test_a_broken_queue_never_blocks_a_save(team, file_mail, monkeypatch):
    from cms.notifications import tasks

    class BrokenQueue:
        def enqueue(self, *args, **kwargs):
            raise RuntimeError("the queue is down")

    monkeypatch.setattr(tasks, "notify", BrokenQueue())
    entry = alices_draft(team)
    response = logged_in(team["alice"]).post(
        change_url(entry), form_data(entry, _workflow="submit")
    )
    assert response.status_code == 302
    assert Entry.objects.get(pk=entry.pk).status == Status.REVIEW


def test_a_scheduled_entry_going_live_tells_its_authors(team, file_mail):
    entry = alices_draft(team)
    Entry.objects.filter(pk=entry.pk).update(status=Status.REVIEW)
    entry.refresh_from_db()
    publish_at = timezone.now() + timedelta(seconds=1)
    local = timezone.localtime(publish_at).replace(tzinfo=None)
    response = logged_in(team["edith"]).post(
        reverse("admin:cms_entry_workflow", args=[entry.pk]),
        {
            "_workflow": "schedule",
            "_workflow_publish_at": local,
            "_workflow_version": entry.version,
        },
    )
    assert response.status_code == 302
    run_worker()
    assert sent(file_mail) == []  # scheduling itself tells no one; going live does
    time.sleep(max(0.0, (publish_at - timezone.now()).total_seconds()) + 0.2)
    run_worker()
    [mail] = sent(file_mail)
    assert mail["To"] == "alice@example.org"
    assert "went live" in mail.get_content()


def test_a_comment_never_reaches_a_former_participant_who_no_longer_sees_the_entry(team, file_mail):
    bob = make_member("author", "bob")
    entry = alices_draft(team)
    entry.authors.add(bob)
    comment_url = reverse("admin:cms_entry_comment", args=[entry.pk])
    logged_in(bob).post(comment_url, {"_comment_body": "I can add the ablation."})
    run_worker()
    sent(file_mail)
    entry.authors.remove(bob)  # off the byline: bob no longer sees the entry in the admin
    logged_in(team["edith"]).post(comment_url, {"_comment_body": "Embargoed until Friday."})
    run_worker()
    assert to(sent(file_mail)) == ["alice@example.org"]
    assert not Notification.objects.filter(recipient=bob).exists()
    inbox = logged_in(bob).get(reverse("admin:inbox")).content.decode()
    assert "Sparse attention" not in inbox and "Embargoed" not in inbox


def test_the_inbox_hides_what_came_about_an_entry_its_reader_no_longer_sees(team, file_mail):
    bob = make_member("author", "bob")
    entry = alices_draft(team)
    entry.authors.add(bob)
    comment_url = reverse("admin:cms_entry_comment", args=[entry.pk])
    logged_in(team["edith"]).post(comment_url, {"_comment_body": "Embargoed until Friday."})
    run_worker()
    reader = logged_in(bob)
    inbox = reader.get(reverse("admin:inbox")).content.decode()
    assert "Sparse attention" in inbox and "Inbox (1 new)" in inbox
    entry.authors.remove(bob)  # off the byline: bob no longer sees the entry in the admin
    inbox = reader.get(reverse("admin:inbox")).content.decode()
    assert "Sparse attention" not in inbox and "Embargoed" not in inbox
    assert "Inbox (1 new)" not in inbox
