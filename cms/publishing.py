"""Status and visibility rules: what is public, and when.

Every public surface (site, feeds, sitemap, API, search, export) asks
``public_entry_filter`` or ``is_public`` (and the rules built on them here and
on the entry and topic querysets) and nothing else, so "what is public" has
exactly one definition. Who may see, edit and publish what in the admin is
``cms.permissions``.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


_frozen_now: ContextVar[datetime | None] = ContextVar("frozen_now", default=None)


def public_now() -> datetime:
    """The instant "public" is judged at: now, or the instant an export froze."""
    return _frozen_now.get() or timezone.now()


@contextmanager
def frozen_clock(instant: datetime) -> Iterator[datetime]:
    """Judge visibility at ``instant`` inside the block.

    The export renders thousands of pages over minutes; freezing the clock
    makes every page agree on which entries are public, and makes the
    instant a recognisable query parameter for the incremental export.
    """
    token = _frozen_now.set(instant)
    try:
        yield instant
    finally:
        _frozen_now.reset(token)


def public_entry_filter(now: datetime | None = None, prefix: str = "") -> Q:
    """The condition for an entry to be public at ``now``.

    Published, and its ``publish_at`` has passed. ``prefix`` applies the rule
    across a relation (``prefix="entries__"`` filters topics by their entries).
    """
    now = now or public_now()
    return Q(**{f"{prefix}status": Status.PUBLISHED, f"{prefix}publish_at__lte": now})


def public_entry_count(language: str, now: datetime | None = None) -> Count:
    """Public entries in ``language``, counted across an ``entries`` relation (topics, authors)."""
    return Count(
        "entries",
        filter=public_entry_filter(now, prefix="entries__") & Q(entries__language=language),
    )


def scheduled_entry_filter(now: datetime | None = None) -> Q:
    """Entries that will become public by themselves after ``now``, when their time comes.

    The other side of ``public_entry_filter``: published, with a
    ``publish_at`` still to come. Whatever caches public pages asks here when
    its pages stop being true.
    """
    now = now or public_now()
    return Q(status=Status.PUBLISHED, publish_at__gt=now)


def public_authors(language: str | None, now: datetime | None = None) -> QuerySet:
    """Team members who have an author page in ``language`` (``None``: in any) at ``now``.

    An active account credited on at least one public entry in that language.
    Author pages, the links to them (entry pages, previews, the API) and the
    author lists all ask here, so nothing links to an author page that is a
    404, and an account without one answers exactly as a name never used.
    """
    users = get_user_model()
    credited = users.entries.through.objects.filter(
        public_entry_filter(now, prefix="entry__"), user_id=OuterRef("pk")
    )
    if language is not None:
        credited = credited.filter(entry__language=language)
    return users.objects.filter(Exists(credited), is_active=True)


def has_author_page(user, language: str, *, credited_on=None) -> bool:
    """``public_authors`` for one user; ``credited_on``, an entry whose byline names the user,
    answers it without a query when that entry is public in ``language``."""
    if not user.is_active:
        return False
    if credited_on is not None and credited_on.language == language and is_public(credited_on):
        return True
    return public_authors(language).filter(pk=user.pk).exists()


def is_public(entry, now: datetime | None = None) -> bool:
    """The same rule as ``public_entry_filter``, for one loaded entry."""
    now = now or public_now()
    return (
        entry.status == Status.PUBLISHED
        and entry.publish_at is not None
        and entry.publish_at <= now
    )


def is_scheduled(entry, now: datetime | None = None) -> bool:
    """The same rule as ``scheduled_entry_filter``, for one loaded entry."""
    now = now or public_now()
    return (
        entry.status == Status.PUBLISHED and entry.publish_at is not None and entry.publish_at > now
    )
