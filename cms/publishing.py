"""Status rules: what an entry's status means and who may see it when.

Every public surface (site, feeds, sitemap, API, search, export) asks
``public_entry_filter`` or ``is_public`` and nothing else, so "what is
public" has exactly one definition.
"""

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


def public_entry_filter(now: datetime | None = None, prefix: str = "") -> Q:
    """The condition for an entry to be public at ``now``.

    Published, and its ``publish_at`` has passed. ``prefix`` applies the rule
    across a relation (``prefix="entries__"`` filters topics by their entries).
    """
    now = now or timezone.now()
    return Q(**{f"{prefix}status": Status.PUBLISHED, f"{prefix}publish_at__lte": now})


def is_public(entry, now: datetime | None = None) -> bool:
    """The same rule as ``public_entry_filter``, for one loaded entry."""
    now = now or timezone.now()
    return (
        entry.status == Status.PUBLISHED
        and entry.publish_at is not None
        and entry.publish_at <= now
    )


EDITOR_PERMISSIONS = ("cms.add_entry", "cms.change_entry", "cms.add_page", "cms.change_page")


def can_use_editor(user) -> bool:
    """Staff who may write entries or pages may preview Markdown and upload images."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and any(user.has_perm(permission) for permission in EDITOR_PERMISSIONS)
    )
