"""The background tasks, and the one place that queues them.

Django 6 has the Tasks API built in (``django.tasks``); before that the
django-tasks backport provides the same API. The backend is a setting
(``TASKS``): django-tasks-db's ``DatabaseBackend`` here, run by
``deliver_webhooks``. The modules below this one (``events``, ``delivery``,
``schedule``) write rows and return what happened; only this module turns
that into queued tasks, so none of them imports it back.
"""

from datetime import datetime
from functools import partial

from django.db import transaction

try:
    from django.tasks import task
except ImportError:  # Django < 6.0
    from django_tasks import task

from cms.webhooks import events
from cms.webhooks.delivery import attempt_delivery
from cms.webhooks.models import Delivery, Event
from cms.webhooks.schedule import record_due


@task()
def deliver(delivery_id: int) -> str:
    outcome = attempt_delivery(delivery_id)
    if outcome.retry_at is not None:
        enqueue(delivery_id, run_after=outcome.retry_at)
    return outcome.state


@task()
def announce_publications() -> int:
    """Queued for each scheduled entry's ``publish_at``; announces whatever is due."""
    return announce_due()


def enqueue(delivery_id: int, run_after: datetime | None = None) -> None:
    """Queue one delivery attempt as a background task and remember the task's id."""
    task = deliver.using(run_after=run_after) if run_after else deliver
    result = task.enqueue(delivery_id)
    Delivery.objects.filter(pk=delivery_id).update(task_id=str(result.id))


def queue_after_commit(event: Event | None) -> Event | None:
    """Queue the event's deliveries once the caller's transaction commits (not if it rolls back).

    One lost between commit and queueing is queued again by ``deliver_webhooks``.
    """
    if event is not None:
        for delivery_id in event.deliveries.values_list("pk", flat=True):
            transaction.on_commit(partial(enqueue, delivery_id), robust=True)
    return event


def announce(event_type: str, data: dict, *, endpoints=None) -> Event | None:
    """Record an event (``cms.webhooks.events.record``) and queue its deliveries on commit."""
    return queue_after_commit(events.record(event_type, data, endpoints=endpoints))


def announce_export(result, base_url: str) -> Event | None:
    """For the export command: announce a finished export (after the output was swapped in)."""
    return queue_after_commit(events.record_export(result, base_url))


def announce_due(now: datetime | None = None) -> int:
    """Announce every scheduled entry that is public now; how many."""
    recorded = record_due(now)
    for event in recorded:
        queue_after_commit(event)
    return len(recorded)


def announce_at(moment: datetime) -> None:
    """Queue ``announce_publications`` to run at ``moment`` (a scheduled entry's time)."""
    announce_publications.using(run_after=moment).enqueue()
