"""Status and permission rules: who may see, edit and publish what, and when.

Every public surface (site, feeds, sitemap, API, search, export) asks
``public_entry_filter`` or ``is_public`` and nothing else, so "what is
public" has exactly one definition. The admin (and any later write path such
as the API) asks the ``can_*`` functions below, so "who may do what" has one
definition too.

Roles are Django groups holding permissions (see ``ROLE_PERMISSIONS``):

- author: writes originals; sees and edits their own entries while drafts;
  submits them for review.
- translator: creates and edits translations while drafts; submits them.
- editor: edits any entry; the only role that publishes, unpublishes,
  schedules, archives, deletes or restores a revision.

Which workflow action (submit, withdraw, request changes, publish,
schedule, unpublish, archive) each role may take is ``cms.roles.allowed_actions``,
built on the functions here.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext
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


EDITOR_PERMISSIONS = ("cms.add_entry", "cms.change_entry", "cms.add_page", "cms.change_page")

AUTHOR, TRANSLATOR, EDITOR = "author", "translator", "editor"

ROLE_PERMISSIONS: dict[str, list[str]] = {
    AUTHOR: [
        "cms.add_entry",
        "cms.change_entry",
        "cms.view_entry",
        "cms.write_original",
        "cms.view_topic",
    ],
    TRANSLATOR: [
        "cms.add_entry",
        "cms.change_entry",
        "cms.view_entry",
        "cms.translate_entry",
        "cms.view_topic",
    ],
    EDITOR: [
        "cms.add_entry",
        "cms.change_entry",
        "cms.delete_entry",
        "cms.view_entry",
        "cms.write_original",
        "cms.translate_entry",
        "cms.publish_entry",
        "cms.revert_entry",
        "cms.add_topic",
        "cms.change_topic",
        "cms.delete_topic",
        "cms.view_topic",
        "cms.add_page",
        "cms.change_page",
        "cms.delete_page",
        "cms.view_page",
        "cms.view_redirect",
        "cms.delete_redirect",
    ],
}


def can_publish(user) -> bool:
    """Publish, unpublish, schedule, archive: editors only."""
    return user.has_perm("cms.publish_entry")


def can_revert(user) -> bool:
    return user.has_perm("cms.revert_entry")


def is_owner(user, entry) -> bool:
    """The user created the entry or is in its byline."""
    if entry.pk is None:
        return True
    if entry.created_by_id == user.pk:
        return True
    return entry.authors.filter(pk=user.pk).exists()


def admin_entry_filter(user) -> Q | None:
    """Which entries the user sees in the admin; ``None`` means all of them.

    Editors and translators see everything (translators translate from any
    original); authors see the entries they created or are credited on.
    """
    if can_publish(user) or user.has_perm("cms.translate_entry"):
        return None
    return Q(created_by=user) | Q(authors=user)


def can_edit(user, entry) -> bool:
    """May ``user`` save changes to ``entry`` in its current stored state?"""
    if not user.has_perm("cms.change_entry"):
        return False
    if can_publish(user):
        return True
    return entry.status == Status.DRAFT and may_write(user, entry)


def may_write(user, entry) -> bool:
    """Is ``entry``'s text the user's to write, whatever its status? Translators write any
    translation; authors (and editors) the entries they created or are credited on."""
    if entry.translation_of_id is not None and user.has_perm("cms.translate_entry"):
        return True
    return user.has_perm("cms.write_original") and is_owner(user, entry)


def can_delete(user) -> bool:
    """Deleting is an editor's decision about any entry, so it depends on the user alone."""
    return user.has_perm("cms.delete_entry") and can_publish(user)


def allowed_statuses(user, current: str | None) -> list[str]:
    """The statuses ``user`` may give an entry that now has status ``current``."""
    if can_publish(user):
        return list(Status.values)
    if current in (None, Status.DRAFT):
        return [Status.DRAFT, Status.REVIEW]
    return [current]


def creation_problem(user, translation_of) -> str | None:
    """Why ``user`` may not create this entry, or ``None`` when they may."""
    if translation_of is None:
        if not user.has_perm("cms.write_original"):
            return gettext(
                "Translators create translations: choose the original in “Translation of”."
            )
        return None
    if user.has_perm("cms.translate_entry"):
        return None
    if user.has_perm("cms.write_original") and is_owner(user, translation_of):
        return None
    return gettext("Only translators, editors and the original's authors may translate it.")


def can_see(user, entry) -> bool:
    """``visible_in_admin`` for one loaded entry: does ``user`` see it in the admin and API?"""
    return admin_entry_filter(user) is None or is_owner(user, entry)


def translation_of_problem(user, entry, original) -> str | None:
    """Why ``user`` may not make ``entry`` a translation of ``original``; ``None`` when they may.

    The one rule for "Translation of", asked by the admin form and the API on
    every add (``entry`` is ``None``) and change; ``original`` ``None`` makes
    the entry an original. The original must be an entry the user sees, and
    the role must allow the result (``creation_problem``). Keeping the link
    an entry already has needs neither, so an author can still save a draft
    an editor linked to an original the author does not see.
    """
    original_id = original.pk if original is not None else None
    if entry is not None and entry.pk is not None and entry.translation_of_id == original_id:
        return None
    if original is not None and not can_see(user, original):
        return gettext("Choose an original that you can see in the admin.")
    return creation_problem(user, original)


def original_choices(user, entries, current_id: int | None = None):
    """The entries ``user`` may pick in "Translation of": those they see, and the current one."""
    visible = visible_in_admin(user, entries)
    if current_id is None or visible is entries:
        return visible
    return entries.filter(Q(pk__in=visible.values("pk")) | Q(pk=current_id))


def can_choose_byline(user) -> bool:
    """May ``user`` search the team for a byline? Whoever may write or change entries."""
    return user.is_active and (user.has_perm("cms.add_entry") or user.has_perm("cms.change_entry"))


def byline_filter() -> Q:
    """Who may be newly credited in a byline: active team members (admin and API alike)."""
    return Q(is_active=True)


def can_use_editor(user) -> bool:
    """Staff who may write entries or pages may preview Markdown and upload images."""
    return (
        user.is_authenticated
        and user.is_active
        and user.is_staff
        and any(user.has_perm(permission) for permission in EDITOR_PERMISSIONS)
    )


def can_create(user) -> bool:
    """May ``user`` create entries at all? The admin's add permission."""
    return user.has_perm("cms.add_entry")


def visible_in_admin(user, queryset):
    """``queryset`` narrowed to the entries ``user`` sees in the admin (and through the API)."""
    rule = admin_entry_filter(user)
    return queryset if rule is None else queryset.filter(rule).distinct()
