"""Signed, expiring, revocable preview links for unpublished entries.

A link carries the entry's id and its ``preview_key``, signed with the
site's secret key and a timestamp; it opens the entry through the real site
templates (and the API's preview endpoint) until ``CMS_PREVIEW_MAX_AGE``
seconds have passed. Giving the entry a new key revokes every link made
before: editors do so with an admin action, and archiving an entry does it
by itself, so an archived entry's links stay dead if it is taken out of the
archive again. Nothing public links to a preview, and the page tells robots
and caches to keep away.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.db.models.signals import pre_save
from django.urls import reverse

from cms.models import Entry
from cms.models.entries import new_preview_key
from cms.publishing import Status

SALT = "cms.preview"


def preview_path(entry: Entry) -> str:
    token = signing.dumps({"entry": entry.pk, "key": entry.preview_key}, salt=SALT, compress=True)
    return reverse("entry-preview", kwargs={"token": token})


def entry_for_token(token: str) -> Entry | None:
    """The entry the token names, or ``None`` if it is forged, expired, revoked or gone."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.CMS_PREVIEW_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("key"), str):
        return None
    return (
        Entry.objects.filter(pk=data.get("entry"), preview_key=data["key"])
        .exclude(status=Status.ARCHIVED)
        .select_related("translation_of", "paper")
        .with_topics_and_byline()
        .first()
    )


def revoke_preview_links(entries: Iterable[Entry]) -> None:
    """Stop every preview link of ``entries``; links made from now on work.

    A plain update: revoking changes no content, so it makes no revision,
    no new version and no webhook event.
    """
    for entry in entries:
        entry.preview_key = new_preview_key()
        Entry.objects.filter(pk=entry.pk).update(preview_key=entry.preview_key)


def revoke_on_archive(sender, instance: Entry, raw: bool = False, **kwargs) -> None:
    """Archiving an entry revokes its preview links, whichever way it is saved."""
    if raw or instance._state.adding or instance.status != Status.ARCHIVED:
        return
    stored = Entry.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    if stored != Status.ARCHIVED:
        instance.preview_key = new_preview_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "preview_key" not in update_fields:
            Entry.objects.filter(pk=instance.pk).update(preview_key=instance.preview_key)


def connect() -> None:
    pre_save.connect(revoke_on_archive, sender=Entry, dispatch_uid="preview-revoke-on-archive")
