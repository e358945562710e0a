"""Queueing notifications after the change commits; a failure here never blocks the change."""

import logging
from functools import partial

from django.db import transaction

from cms import roles
from cms.models import NotificationKind

logger = logging.getLogger(__name__)

STEP_KINDS = {
    roles.SUBMIT: NotificationKind.SUBMITTED,
    roles.REQUEST_CHANGES: NotificationKind.CHANGES_REQUESTED,
    roles.PUBLISH: NotificationKind.PUBLISHED,
}


def announce(kind: str, entry_id: int, actor_id: int | None, text: str = "") -> None:
    """Queue the notification task once the current transaction commits."""
    transaction.on_commit(partial(enqueue, kind, entry_id, actor_id, text), robust=True)


def enqueue(kind: str, entry_id: int, actor_id: int | None, text: str) -> None:
    from cms.notifications.tasks import notify

    try:
        notify.enqueue(kind, entry_id, actor_id, text)
    except Exception:  # noqa: BLE001 - the change is saved; losing a notice must not undo it
        logger.exception("Could not queue the %s notification for entry %s", kind, entry_id)


def announce_step(step) -> None:
    """A workflow step that someone should hear about (submit, request changes, publish)."""
    kind = STEP_KINDS.get(step.action)
    if kind is not None:
        announce(kind, step.entry_id, step.actor_id, step.comment)


def announce_comment(comment) -> None:
    announce(NotificationKind.COMMENT, comment.entry_id, comment.author_id, comment.body)


def announce_went_live(entry) -> None:
    announce(NotificationKind.WENT_LIVE, entry.pk, None)
