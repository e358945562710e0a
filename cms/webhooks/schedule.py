"""``entry.published`` for scheduled entries, sent when they become public and not before.

Saving a scheduled entry (published, ``publish_at`` still to come) keeps a
``PendingPublication`` row for it, and the caller queues the
``announce_publications`` task to run at ``publish_at``
(``cms.webhooks.tasks``); the task writes the event from the entry as it is
then, if it is public then. Unscheduling, unpublishing or deleting
the entry first removes the row, so nothing is ever sent. Every run of the
task, and ``deliver_webhooks`` when it starts, announces every row that is
due, so a lost task delays an event but never loses it. The same moment tells
the entry's authors that it went live (``cms.notifications``).
"""

from datetime import datetime
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone

from cms.models import Entry
from cms.notifications import queue
from cms.publishing import is_public, is_scheduled
from cms.webhooks import events
from cms.webhooks.models import Event, PendingPublication


class Step(NamedTuple):
    """Whether a publication was pending before the save, and when to announce one now."""

    was_pending: bool
    announce_at: datetime | None = None


def keep_in_step(entry: Entry) -> Step:
    """Make the pending row match ``entry``; the caller queues ``announce_at`` after commit."""
    pending = PendingPublication.objects.filter(entry_id=entry.pk)
    previous = pending.values_list("publish_at", flat=True).first()
    if not is_scheduled(entry):
        if previous is not None:
            pending.delete()
        return Step(previous is not None)
    if previous == entry.publish_at:
        return Step(True)
    PendingPublication.objects.update_or_create(
        entry_id=entry.pk, defaults={"publish_at": entry.publish_at}
    )
    return Step(previous is not None, entry.publish_at)


def record_due(now: datetime | None = None) -> list[Event]:
    """Write ``entry.published`` for every pending entry that is public now; the events."""
    now = now or timezone.now()
    recorded = []
    due = PendingPublication.objects.filter(publish_at__lte=now).order_by("publish_at")
    for pending in due.values_list("entry_id", "publish_at"):
        with transaction.atomic():
            claimed, _rows = PendingPublication.objects.filter(
                entry_id=pending[0], publish_at=pending[1]
            ).delete()
            entry = Entry.objects.filter(pk=pending[0]).first() if claimed else None
            if entry is not None and is_public(entry, now):
                queue.announce_went_live(entry)  # its authors hear of it too, on commit
                event = events.record(events.ENTRY_PUBLISHED, events.entry_data(entry))
                if event is not None:
                    recorded.append(event)
    return recorded
