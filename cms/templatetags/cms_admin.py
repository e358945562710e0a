"""Admin template helpers: the dashboard, the editors' review queue, the inbox's unread count."""

from django import template
from django.contrib.auth import get_user_model
from django.db.models import Count, F, OuterRef, Q, Subquery

from cms import roles
from cms.models import Entry, WorkflowStep
from cms.permissions import can_publish
from cms.publishing import Status

register = template.Library()

QUEUE_LENGTH = 10


@register.simple_tag(takes_context=True)
def review_queue(context) -> dict:
    """Entries in review, longest waiting first, with who submitted them, when, and how many
    threads of their conversation are open; for users who can publish them."""
    request = context.get("request")
    if request is None or not can_publish(request.user):
        return {"visible": False}
    waiting = Entry.objects.filter(status=Status.REVIEW)
    submits = WorkflowStep.objects.filter(entry=OuterRef("pk"), action=roles.SUBMIT).order_by(
        "-created_at", "-id"
    )
    entries = list(
        waiting.annotate(
            submitted_at=Subquery(submits.values("created_at")[:1]),
            submitter_id=Subquery(submits.values("actor_id")[:1]),
            open_threads=Count(
                "comments",
                filter=Q(comments__parent__isnull=True, comments__resolved_at__isnull=True),
            ),
        )
        .order_by(F("submitted_at").asc(nulls_first=True), "updated_at")
        .only("title", "language", "updated_at")[:QUEUE_LENGTH]
    )
    people = get_user_model().objects.in_bulk({entry.submitter_id for entry in entries} - {None})
    for entry in entries:
        entry.submitter = people.get(entry.submitter_id)
        entry.waiting_since = entry.submitted_at or entry.updated_at
    return {"visible": True, "count": waiting.count(), "entries": entries}


@register.simple_tag(takes_context=True)
def dashboard(context) -> list[dict]:
    """The work waiting for the user (``cms.admin.dashboard``); nothing for non-writers."""
    from cms.admin.dashboard import sections

    request = context.get("request")
    if request is None or not request.user.has_perm("cms.change_entry"):
        return []
    return sections(request.user)


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """How many of the user's notifications are unread (one query per admin page)."""
    from cms.admin.inbox import inbox_of

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return inbox_of(user).filter(read_at__isnull=True).count()
