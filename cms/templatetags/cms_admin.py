"""Admin template helpers: the editors' review queue on the admin index."""

from django import template

from cms.models import Entry
from cms.publishing import Status, can_publish

register = template.Library()

QUEUE_LENGTH = 10


@register.simple_tag(takes_context=True)
def review_queue(context) -> dict:
    """Entries in review, oldest change first, for users who can publish them."""
    request = context.get("request")
    if request is None or not can_publish(request.user):
        return {"visible": False}
    waiting = Entry.objects.filter(status=Status.REVIEW).order_by("updated_at")
    return {
        "visible": True,
        "count": waiting.count(),
        "entries": list(waiting.only("title", "language")[:QUEUE_LENGTH]),
    }
