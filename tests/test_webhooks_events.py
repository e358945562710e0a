"""Which changes are webhook events: editing, unpublishing and deleting published entries, API
publishing and finished exports; drafts, reviews and sites without endpoints make none, and
an event is written in the transaction of its change.

These tests commit (``transaction=True``) because events are queued on commit, exactly as
in production.
"""

import json

import pytest
from django.db import DatabaseError, transaction
from django.test import Client

from cms.models import Entry
from cms.publishing import Status
from cms.webhooks import tasks
from cms.webhooks.models import Delivery, Endpoint, Event
from tests.factories import make_entry, make_member
from tests.support import webhooks as shared
from tests.support.webhooks import Receiver, run_worker

pytestmark = pytest.mark.django_db(transaction=True)

# Fixtures defined once in tests/support/webhooks.py for the modules that share them.
fast_retries = shared.fast_retries


def test_editing_unpublishing_and_deleting_published_entries_are_events():
    Endpoint.objects.create(url="http://127.0.0.1:9/never-called")
    entry = make_entry("Live", slug="live")
    entry.title = "Live, edited"
    entry.save()
    entry.status = Status.DRAFT
    entry.save()
    entry.status = Status.PUBLISHED
    entry.save()
    entry.delete()
    types = list(Event.objects.order_by("created_at").values_list("type", flat=True))
    assert types == [
        "entry.published",
        "entry.updated",
        "entry.unpublished",
        "entry.published",
        "entry.unpublished",
    ]
    assert json.loads(Event.objects.order_by("created_at").last().body)["data"]["entry"]["deleted"]


def test_drafts_and_reviews_make_no_events():
    Endpoint.objects.create(url="http://127.0.0.1:9/never-called")
    entry = make_entry("Draft", slug="draft", status=Status.DRAFT)
    entry.status = Status.REVIEW
    entry.save()
    assert not Event.objects.exists()


def test_no_event_without_active_endpoints():
    Endpoint.objects.create(url="http://127.0.0.1:9/off", is_active=False)
    make_entry("Live", slug="live")
    assert not Event.objects.exists()


def test_event_is_written_in_the_transaction_of_the_change():
    Endpoint.objects.create(url="http://127.0.0.1:9/never-called")
    with pytest.raises(RuntimeError), transaction.atomic():
        make_entry("Rolled back", slug="rolled-back")
        assert Event.objects.count() == 1
        raise RuntimeError
    assert not Event.objects.exists()
    assert not Delivery.objects.exists()


def test_a_failure_to_record_the_event_never_breaks_the_save(monkeypatch):
    Endpoint.objects.create(url="http://127.0.0.1:9/never-called")

    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Delivery.objects, "bulk_create", broken)
    entry = make_entry("Saved anyway", slug="saved")
    assert Entry.objects.get(pk=entry.pk).status == Status.PUBLISHED
    assert not Event.objects.exists()


def test_api_publish_sends_the_event_too():
    from rest_framework.authtoken.models import Token

    receiver = Receiver()
    Endpoint.objects.create(url=receiver.url)
    editor = make_member("editor", "edith")
    token = Token.objects.create(user=editor)
    entry = make_entry("Draft", slug="draft", status=Status.DRAFT)
    with receiver.running():
        response = Client().patch(
            f"/api/v1/entries/{entry.pk}/",
            json.dumps({"status": "published", "version": entry.version}),
            content_type="application/json",
            headers={"Authorization": f"Token {token.key}"},
        )
        assert response.status_code == 200
        run_worker()
    assert [r["headers"]["X-Digest-Event"] for r in receiver.requests] == ["entry.published"]


def test_finished_export_event():
    receiver = Receiver()
    Endpoint.objects.create(url=receiver.url)

    class Result:
        ok, pages, files, bytes = True, 12, 3, 4567

    with receiver.running():
        tasks.announce_export(Result(), "https://digest.example.org/")
        run_worker()
    body = json.loads(receiver.requests[0]["body"])
    assert body["type"] == "export.finished"
    assert body["data"]["export"] == {
        "base_url": "https://digest.example.org/",
        "ok": True,
        "pages": 12,
        "files": 3,
        "bytes": 4567,
    }
