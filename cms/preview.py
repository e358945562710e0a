"""Signed, expiring preview links for unpublished entries.

A link carries the entry's id signed with the site's secret key and a
timestamp; it opens the entry through the real site templates until
``CMS_PREVIEW_MAX_AGE`` seconds have passed. Nothing public links to it, and
the page tells robots and caches to keep away.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from cms.models import Entry

SALT = "cms.preview"


def preview_path(entry: Entry) -> str:
    token = signing.dumps({"entry": entry.pk}, salt=SALT, compress=True)
    return reverse("entry-preview", kwargs={"token": token})


def entry_for_token(token: str) -> Entry | None:
    """The entry the token names, or ``None`` if it is forged, expired or gone."""
    try:
        data = signing.loads(token, salt=SALT, max_age=settings.CMS_PREVIEW_MAX_AGE)
    except signing.BadSignature:
        return None
    return (
        Entry.objects.filter(pk=data.get("entry"))
        .select_related("translation_of")
        .prefetch_related("topics", "authors")
        .first()
    )
