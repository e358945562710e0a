"""Entry saves and deletions that front-ends must hear about become webhook events.

Events follow what the public can see, never a status alone: an entry
becoming public is ``entry.published`` (a scheduled one when its time comes,
through ``cms.webhooks.schedule``), a public entry edited is
``entry.updated``, and a public entry that stops being public (unpublished,
archived, moved into the future or deleted) is ``entry.unpublished`` with
what was public: its title, address and time as readers knew them, not the
text that replaced them. Nothing about an entry leaves before it is public.
Model signals cover every save path (admin, actions, revisions, API,
importers) except ``QuerySet.update()``, which nothing in Digest CMS uses
for these fields.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from cms.models import Entry
from cms.publishing import is_public
from cms.webhooks import events, schedule, tasks
from cms.webhooks.models import Endpoint

NOT_LOADED = object()
STORED_FIELDS = ("id", "language", "slug", "title", "status", "publish_at")


def remember_stored(sender, instance: Entry, raw: bool = False, **kwargs) -> None:
    """The entry as stored before this save, if anyone listens for events."""
    instance._webhook_stored = NOT_LOADED
    if raw:
        return
    if instance._state.adding or instance.pk is None:
        instance._webhook_stored = None
        return
    if Endpoint.objects.filter(is_active=True).exists():
        stored = Entry.objects.filter(pk=instance.pk).only(*STORED_FIELDS).first()
        instance._webhook_stored = stored


def announce_save(sender, instance: Entry, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    was_pending, announce_at = schedule.keep_in_step(instance)
    if announce_at is not None:
        transaction.on_commit(partial(tasks.announce_at, announce_at), robust=True)
    stored = getattr(instance, "_webhook_stored", NOT_LOADED)
    if stored is NOT_LOADED:
        return  # no endpoint was listening when the save began
    # A row still pending means its publication was never announced, even if its time has come.
    was_public = stored is not None and is_public(stored) and not was_pending
    now_public = is_public(instance)
    if now_public:
        event_type = events.ENTRY_UPDATED if was_public else events.ENTRY_PUBLISHED
        tasks.announce(event_type, events.entry_data(instance))
    elif was_public:
        data = events.entry_data(stored)
        data["entry"].update(status=instance.status, public=False)
        tasks.announce(events.ENTRY_UNPUBLISHED, data)


def announce_delete(sender, instance: Entry, **kwargs) -> None:
    if is_public(instance):
        data = events.entry_data(instance)
        data["entry"].update(deleted=True, public=False)
        tasks.announce(events.ENTRY_UNPUBLISHED, data)


def connect() -> None:
    pre_save.connect(remember_stored, sender=Entry, dispatch_uid="webhooks-remember-status")
    post_save.connect(announce_save, sender=Entry, dispatch_uid="webhooks-announce-save")
    post_delete.connect(announce_delete, sender=Entry, dispatch_uid="webhooks-announce-delete")
