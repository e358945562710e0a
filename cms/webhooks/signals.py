"""Entry saves and deletions that front-ends must hear about become webhook events.

Publishing (any status to published, scheduled included: ``publish_at`` and
``public`` in the event say when it shows), unpublishing (published to any
other status, or deleting a published entry) and editing a published entry.
Drafts and reviews are nobody's business outside the admin. Model signals
cover every save path (admin, actions, revisions, API, importers) except
``QuerySet.update()``, which nothing in Digest CMS uses for these fields.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from cms.models import Entry
from cms.publishing import Status
from cms.webhooks import events
from cms.webhooks.models import Endpoint


def remember_status(sender, instance: Entry, raw: bool = False, **kwargs) -> None:
    instance._webhook_previous_status = None
    if raw or instance._state.adding or instance.pk is None:
        return
    if not Endpoint.objects.filter(is_active=True).exists():
        return
    stored = Entry.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    instance._webhook_previous_status = stored


def announce_save(sender, instance: Entry, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    was = getattr(instance, "_webhook_previous_status", None)
    published = instance.status == Status.PUBLISHED
    if published and was != Status.PUBLISHED:
        if not created and was is None:
            return  # no endpoint was listening when the save began
        event_type = events.ENTRY_PUBLISHED
    elif was == Status.PUBLISHED:
        event_type = events.ENTRY_UPDATED if published else events.ENTRY_UNPUBLISHED
    else:
        return
    events.record(event_type, events.entry_data(instance))


def announce_delete(sender, instance: Entry, **kwargs) -> None:
    if instance.status == Status.PUBLISHED:
        data = events.entry_data(instance)
        data["entry"]["deleted"] = True
        events.record(events.ENTRY_UNPUBLISHED, data)


def connect() -> None:
    pre_save.connect(remember_status, sender=Entry, dispatch_uid="webhooks-remember-status")
    post_save.connect(announce_save, sender=Entry, dispatch_uid="webhooks-announce-save")
    post_delete.connect(announce_delete, sender=Entry, dispatch_uid="webhooks-announce-delete")
