"""Webhooks follow what readers can see: a scheduled entry is announced when it becomes public,
not before; unscheduling or deleting first sends nothing; a lost announcement is made when
the worker starts; an unpublication carries what was public.

These tests commit (``transaction=True``) because events are queued on commit, exactly as
in production.
"""

import json
import time
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.models import Entry
from cms.publishing import Status
from cms.webhooks.models import Endpoint, Event
from tests.factories import make_entry, tomorrow
from tests.support import webhooks as shared
from tests.support.webhooks import Receiver, editor_client, run_worker

pytestmark = pytest.mark.django_db(transaction=True)

# Fixtures defined once in tests/support/webhooks.py for the modules that share them.
fast_retries = shared.fast_retries


def schedule_in(seconds: float) -> datetime:
    return timezone.now() + timedelta(seconds=seconds)


def wait_until(moment: datetime) -> None:
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.2)


def event_bodies() -> str:
    return " ".join(Event.objects.values_list("body", flat=True))


def test_scheduled_entry_is_announced_when_it_becomes_public_not_before():
    receiver = Receiver()
    Endpoint.objects.create(url=receiver.url)
    publish_at = schedule_in(2)
    entry = make_entry("Embargoed result", slug="embargoed", status=Status.DRAFT)
    with receiver.running():
        scheduled = editor_client().post(
            reverse("admin:cms_entry_workflow", args=[entry.pk]),
            {
                "_workflow": "schedule",
                "_workflow_publish_at": timezone.localtime(publish_at).replace(tzinfo=None),
                "_workflow_version": entry.version,
            },
        )
        assert scheduled.status_code == 302
        assert Entry.objects.get(pk=entry.pk).publish_at == publish_at
        run_worker()
        assert receiver.requests == []
        assert "Embargoed result" not in event_bodies()
        wait_until(publish_at)
        run_worker()
    [request] = receiver.requests
    event = json.loads(request["body"])
    assert event["type"] == "entry.published"
    assert event["data"]["entry"]["title"] == "Embargoed result"
    assert event["data"]["entry"]["public"] is True


def test_editing_a_scheduled_entry_sends_nothing_before_its_time():
    Endpoint.objects.create(url="http://127.0.0.1:9/never-called")
    entry = make_entry("Embargoed", slug="embargoed", publish_at=tomorrow())
    entry.title = "Embargoed, edited"
    entry.save()
    entry.publish_at = tomorrow() + timedelta(days=1)
    entry.save()
    assert not Event.objects.exists()


def test_unscheduling_before_the_time_cancels_the_announcement():
    receiver = Receiver()
    Endpoint.objects.create(url=receiver.url)
    publish_at = schedule_in(1)
    entry = make_entry("Withdrawn", slug="withdrawn", publish_at=publish_at)
    entry.status = Status.DRAFT
    entry.save()
    wait_until(publish_at)
    with receiver.running():
        run_worker()
    assert receiver.requests == []
    assert not Event.objects.exists()


def test_deleting_a_scheduled_entry_sends_nothing():
    Endpoint.objects.create(url="http://127.0.0.1:9/never-called")
    make_entry("Embargoed", slug="embargoed", publish_at=tomorrow()).delete()
    assert not Event.objects.exists()


def test_a_lost_announcement_is_made_when_the_worker_starts():
    from django_tasks_db.models import DBTaskResult

    receiver = Receiver()
    Endpoint.objects.create(url=receiver.url)
    publish_at = schedule_in(1)
    make_entry("Embargoed", slug="embargoed", publish_at=publish_at)
    DBTaskResult.objects.all().delete()  # the queued task was lost
    wait_until(publish_at)
    with receiver.running():
        run_worker()
    assert [r["headers"]["X-Digest-Event"] for r in receiver.requests] == ["entry.published"]


def test_unpublished_event_carries_what_was_public_not_the_new_text():
    Endpoint.objects.create(url="http://127.0.0.1:9/never-called")
    entry = make_entry("Public title", slug="public-title")
    entry.title = "Secret new title"
    entry.slug = "secret-new-slug"
    entry.status = Status.DRAFT
    entry.save()
    event = json.loads(Event.objects.get(type="entry.unpublished").body)
    assert event["data"]["entry"]["title"] == "Public title"
    assert event["data"]["entry"]["url"].endswith("/en/entries/public-title/")
    assert event["data"]["entry"]["public"] is False
    assert "Secret new" not in event_bodies()


def test_moving_a_public_entry_into_the_future_is_an_unpublication():
    Endpoint.objects.create(url="http://127.0.0.1:9/never-called")
    entry = make_entry("Public title", slug="public-title")
    entry.title = "Rescheduled title"
    entry.publish_at = tomorrow()
    entry.save()
    types = list(Event.objects.order_by("created_at").values_list("type", flat=True))
    assert types == ["entry.published", "entry.unpublished"]
    assert "Rescheduled title" not in event_bodies()
