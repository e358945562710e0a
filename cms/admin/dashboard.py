"""The admin index as a desk: for each member, the work that waits for them.

Sections, each shown only to the roles it concerns and only when it holds
something: my drafts, sent back to me (drafts whose last workflow step was
a request for changes, with the comment), my entries waiting for review,
needs translation (public originals missing a language, with a link to each
language's queue at the translation desk, ``cms.admin.desk``; translators and
editors), scheduled this week. Each is one bounded query (``LENGTH`` rows);
the editors' review queue (``cms_admin.review_queue``) sits beside them.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms import roles
from cms.models import Entry, WorkflowStep
from cms.permissions import owner_filter, visible_in_admin
from cms.publishing import Status

LENGTH = 8


def mine(user):
    return Entry.objects.filter(owner_filter(user)).distinct()


def last_step(field: str):
    steps = WorkflowStep.objects.filter(entry=OuterRef("pk")).order_by("-created_at", "-id")
    return Subquery(steps.values(field)[:1])


def sections(user) -> list[dict]:
    """The dashboard of ``user``: titled lists of entries, the empty ones left out."""
    now = timezone.now()
    drafts = (
        mine(user)
        .filter(status=Status.DRAFT)
        .annotate(last_action=last_step("action"), last_comment=last_step("comment"))
    )
    found = [
        {
            "key": "sent-back",
            "title": _("Sent back to me"),
            "entries": drafts.filter(last_action=roles.REQUEST_CHANGES).order_by("-updated_at"),
            "show_comment": True,
        },
        {
            "key": "drafts",
            "title": _("My drafts"),
            "entries": drafts.filter(
                Q(last_action__isnull=True) | ~Q(last_action=roles.REQUEST_CHANGES)
            ).order_by("-updated_at"),
        },
        {
            "key": "my-review",
            "title": _("My entries waiting for review"),
            "entries": mine(user).filter(status=Status.REVIEW).order_by("updated_at"),
        },
    ]
    if user.has_perm("cms.translate_entry"):
        languages = len(settings.LANGUAGES)
        originals = Entry.objects.published().filter(translation_of__isnull=True)
        found.append(
            {
                "key": "translate",
                "title": _("Needs translation"),
                "entries": originals.annotate(versions=Count("translations"))
                .filter(versions__lt=languages - 1)
                .order_by("-publish_at"),
                "queues": settings.LANGUAGES,
            }
        )
    scheduled = Entry.objects.filter(
        status=Status.PUBLISHED, publish_at__gt=now, publish_at__lte=now + timedelta(days=7)
    )
    found.append(
        {
            "key": "scheduled",
            "title": _("Scheduled this week"),
            "entries": visible_in_admin(user, scheduled).order_by("publish_at"),
            "show_time": True,
        }
    )
    for section in found:
        section["entries"] = list(
            section["entries"].only("title", "language", "updated_at", "publish_at")[:LENGTH]
        )
    return [section for section in found if section["entries"]]
