"""Events and their deliveries, written in the transaction of the change they announce.

``record`` writes one ``Event`` (its JSON body fixed once, so every retry
sends and signs the same bytes) and one ``Delivery`` per active endpoint,
inside a savepoint of the caller's transaction: if the change rolls back,
so does its event, and if writing the event fails, the change still
succeeds. It returns the event; ``cms.webhooks.tasks.announce`` records and
queues the deliveries as background tasks after the commit.
"""

import json
import logging
from datetime import datetime

from django.db import DatabaseError, transaction
from django.utils import timezone

from cms.absolute import absolute_url, site_url
from cms.models import Entry
from cms.public_urls import entry_api_url
from cms.publishing import is_public
from cms.webhooks.models import Delivery, Endpoint, Event

logger = logging.getLogger(__name__)

ENTRY_PUBLISHED = "entry.published"
ENTRY_UNPUBLISHED = "entry.unpublished"
ENTRY_UPDATED = "entry.updated"
EXPORT_FINISHED = "export.finished"
PING = "ping"


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment else None


def entry_data(entry: Entry) -> dict:
    """Enough to find the entry again: fetch ``api_url`` for its content once it is public."""
    return {
        "entry": {
            "id": entry.pk,
            "language": entry.language,
            "slug": entry.slug,
            "title": entry.title,
            "status": entry.status,
            "publish_at": iso(entry.publish_at),
            "public": is_public(entry),
            "url": absolute_url(entry.get_absolute_url()),
            "api_url": entry_api_url(entry),
        }
    }


def record(event_type: str, data: dict, *, endpoints: list[Endpoint] | None = None) -> Event | None:
    """Write the event for every active endpoint (or ``endpoints``); ``None`` if none listens."""
    try:
        with transaction.atomic():
            if endpoints is None:
                endpoints = list(Endpoint.objects.filter(is_active=True))
            if not endpoints:
                return None
            event = Event(type=event_type, created_at=timezone.now())
            payload = {
                "id": str(event.id),
                "type": event_type,
                "created_at": iso(event.created_at),
                "site": site_url(),
                "data": data,
            }
            event.body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
            event.save()
            deliveries = [Delivery(event=event, endpoint=endpoint) for endpoint in endpoints]
            Delivery.objects.bulk_create(deliveries)
    except DatabaseError:
        logger.exception(
            "Could not record the webhook event %s; the change itself was saved.", event_type
        )
        return None
    return event


def record_export(result, base_url: str) -> Event | None:
    """The ``export.finished`` event of a finished export (after the output was swapped in)."""
    return record(
        EXPORT_FINISHED,
        {
            "export": {
                "base_url": base_url,
                "ok": bool(getattr(result, "ok", True)),
                "pages": getattr(result, "pages", None),
                "files": getattr(result, "files", None),
                "bytes": getattr(result, "bytes", None),
            }
        },
    )
