"""``entry.published`` for scheduled entries, sent when they become public and not before.

Saving a scheduled entry (published, ``publish_at`` still to come) keeps a
``PendingPublication`` row for it and queues the ``announce_publications``
task to run at ``publish_at``; the task writes the event from the entry as
it is then, if it is public then. Unscheduling, unpublishing or deleting
the entry first removes the row, so nothing is ever sent. Every run of the
task, and ``deliver_webhooks`` when it starts, announces every row that is
due, so a lost task delays an event but never loses it.
"""

from datetime import datetime
from functools import partial

from django.db import transaction
from django.utils import timezone

from cms.models import Entry
from cms.publishing import is_public, is_scheduled
from cms.webhooks.models import PendingPublication


def keep_in_step(entry: Entry) -> bool:
    """Make the pending row match ``entry``; whether one was pending before this save."""
    pending = PendingPublication.objects.filter(entry_id=entry.pk)
    previous = pending.values_list("publish_at", flat=True).first()
    if not is_scheduled(entry):
        if previous is not None:
            pending.delete()
        return previous is not None
    if previous != entry.publish_at:
        PendingPublication.objects.update_or_create(
            entry_id=entry.pk, defaults={"publish_at": entry.publish_at}
        )
        transaction.on_commit(partial(enqueue, entry.publish_at), robust=True)
    return previous is not None


def enqueue(at: datetime) -> None:
    from cms.webhooks.tasks import announce_publications

    announce_publications.using(run_after=at).enqueue()


def announce_due(now: datetime | None = None) -> int:
    """Write ``entry.published`` for every pending entry that is public now; how many."""
    from cms.webhooks import events

    now = now or timezone.now()
    announced = 0
    due = PendingPublication.objects.filter(publish_at__lte=now).order_by("publish_at")
    for pending in due.values_list("entry_id", "publish_at"):
        with transaction.atomic():
            claimed, _rows = PendingPublication.objects.filter(
                entry_id=pending[0], publish_at=pending[1]
            ).delete()
            entry = Entry.objects.filter(pk=pending[0]).first() if claimed else None
            if entry is not None and is_public(entry, now):
                events.record(events.ENTRY_PUBLISHED, events.entry_data(entry))
                announced += 1
    return announced
