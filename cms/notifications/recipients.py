"""Who is told about an event: one function per audience, users without the actor."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from cms.models import Comment, Entry, NotificationKind, WorkflowStep
from cms.permissions import EDITOR
from cms.roles import can_comment


def editors():
    """Active members who may publish: the editor group, and superusers."""
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(Q(groups__name=EDITOR) | Q(is_superuser=True)).distinct()


def writers(entry: Entry):
    """The entry's authors and translators: its byline and whoever created it."""
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(Q(entries=entry) | Q(pk=entry.created_by_id)).distinct()


def participants(entry: Entry):
    """Everyone in the entry's conversation: its writers, its commenters, its reviewers."""
    commenters = Comment.objects.filter(entry=entry).values("author_id")
    actors = WorkflowStep.objects.filter(entry=entry).values("actor_id")
    users = get_user_model().objects.filter(is_active=True)
    return users.filter(
        Q(entries=entry) | Q(pk=entry.created_by_id) | Q(pk__in=commenters) | Q(pk__in=actors)
    ).distinct()


AUDIENCE = {
    NotificationKind.SUBMITTED: editors,
    NotificationKind.CHANGES_REQUESTED: writers,
    NotificationKind.PUBLISHED: writers,
    NotificationKind.WENT_LIVE: writers,
    NotificationKind.COMMENT: participants,
}


def recipients(kind: str, entry: Entry, actor_id: int | None) -> list:
    """The audience of ``kind``, less the actor and anyone who no longer sees the entry in
    the admin (taken off its byline, say, or out of the team): the inbox and the e-mail
    show its title and the comment, so they follow the admin's rule (``can_comment``)."""
    audience = AUDIENCE[kind]
    people = audience() if audience is editors else audience(entry)
    return [
        person
        for person in people.exclude(pk=actor_id).order_by("pk")
        if can_comment(person, entry)
    ]
