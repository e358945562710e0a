"""Webhook delivery end to end: a signed event reaches a real receiver; failures are retried
and logged, redirects are not followed, lost deliveries are queued again, and the save that
made the event always succeeds.

These tests commit (``transaction=True``) because events are queued on commit, exactly as
in production.
"""

import json

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from cms.models import Entry
from cms.publishing import Status
from cms.webhooks.models import Attempt, Delivery, Endpoint
from cms.webhooks.queue import requeue_lost
from cms.webhooks.signing import verify
from tests.factories import make_entry
from tests.support import webhooks as shared
from tests.support.webhooks import Receiver, editor_client, run_worker

pytestmark = pytest.mark.django_db(transaction=True)

# Fixtures defined once in tests/support/webhooks.py for the modules that share them.
fast_retries = shared.fast_retries


def publish_in_admin(client: Client, entry: Entry):
    return client.post(
        reverse("admin:cms_entry_changelist"),
        {"action": "publish", "_selected_action": [entry.pk], "index": 0},
    )


def test_publishing_in_the_admin_delivers_a_signed_event():
    receiver = Receiver()
    endpoint = Endpoint.objects.create(url=receiver.url)
    entry = make_entry("Fresh", slug="fresh", status=Status.DRAFT)
    with receiver.running():
        response = publish_in_admin(editor_client(), entry)
        assert response.status_code == 302
        run_worker()
    assert Entry.objects.get(pk=entry.pk).status == Status.PUBLISHED
    [request] = receiver.requests
    headers = request["headers"]
    assert headers["X-Digest-Event"] == "entry.published"
    assert headers["Content-Type"] == "application/json"
    assert verify(
        endpoint.secret,
        headers["X-Digest-Timestamp"],
        request["body"],
        headers["X-Digest-Signature"],
    )
    assert not verify(
        "wrong", headers["X-Digest-Timestamp"], request["body"], headers["X-Digest-Signature"]
    )
    event = json.loads(request["body"])
    assert event["type"] == "entry.published"
    assert event["id"] == headers["X-Digest-Event-Id"]
    assert event["data"]["entry"]["public"] is True
    assert event["data"]["entry"]["api_url"] == (
        "https://digest.example.org/api/v1/en/entries/fresh.json"
    )
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.response_code) == ("delivered", 1, 200)


def test_failing_receiver_gets_retries_and_the_log_shows_them():
    receiver = Receiver(codes=[500, 503, 200])
    Endpoint.objects.create(url=receiver.url)
    entry = make_entry("Fresh", slug="fresh", status=Status.DRAFT)
    with receiver.running():
        assert publish_in_admin(editor_client(), entry).status_code == 302
        run_worker()
    assert len(receiver.requests) == 3
    assert len({r["headers"]["X-Digest-Event-Id"] for r in receiver.requests}) == 1
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("delivered", 3)
    log = list(Attempt.objects.filter(delivery=delivery).values_list("number", "response_code"))
    assert log == [(1, 500), (2, 503), (3, 200)]


def test_receiver_that_always_fails_ends_failed_and_the_save_still_succeeded():
    receiver = Receiver(codes=[500])
    Endpoint.objects.create(url=receiver.url)
    entry = make_entry("Fresh", slug="fresh", status=Status.DRAFT)
    with receiver.running():
        assert publish_in_admin(editor_client(), entry).status_code == 302
        run_worker()
    assert Entry.objects.get(pk=entry.pk).status == Status.PUBLISHED
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.response_code) == ("failed", 4, 500)
    assert delivery.log.count() == 4


def test_unreachable_receiver_is_logged_and_the_save_still_succeeded():
    receiver = Receiver()
    url = receiver.url
    receiver.server.server_close()  # nothing listens on the port any more
    Endpoint.objects.create(url=url)
    entry = make_entry("Fresh", slug="fresh", status=Status.DRAFT)
    assert publish_in_admin(editor_client(), entry).status_code == 302
    run_worker()
    assert Entry.objects.get(pk=entry.pk).status == Status.PUBLISHED
    delivery = Delivery.objects.get()
    assert delivery.state == "failed"
    assert delivery.response_code is None
    assert "Connection refused" in delivery.last_error or "URLError" in delivery.last_error


def test_redirects_are_not_followed():
    receiver = Receiver(codes=[302])
    Endpoint.objects.create(url=receiver.url)
    with receiver.running():
        make_entry("Published", slug="published")
        run_worker()
    delivery = Delivery.objects.get()
    assert delivery.response_code == 302
    assert len(receiver.requests) == 4  # every attempt went to the registered URL


def test_lost_deliveries_are_queued_again_when_the_worker_starts():
    receiver = Receiver()
    Endpoint.objects.create(url=receiver.url)
    with transaction.atomic():
        make_entry("Live", slug="live")
        transaction.get_connection().run_on_commit.clear()  # the process "died" before queueing
    assert Delivery.objects.get().task_id == ""
    Delivery.objects.update(updated_at="2000-01-01T00:00:00Z")
    assert requeue_lost() == 1
    with receiver.running():
        run_worker()
    assert Delivery.objects.get().state == "delivered"
    assert len(receiver.requests) == 1
