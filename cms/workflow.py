"""Workflow actions: submit, withdraw, request changes, publish, schedule, unpublish, archive.

Each action is a small step object in the manner of Wagtail's actions:
``prepare`` checks it against ``cms.roles.allowed_actions`` and its own
inputs (a comment to request changes, a time to come to schedule) and
changes the entry in memory; the caller saves the entry once, with its
version, so an action never overwrites a newer edit; ``record`` then writes
the ``WorkflowStep`` and the admin log entry. ``perform`` does all three for
callers with nothing else to save. Recording also queues the notification
the step calls for (``cms.notifications``), after the transaction commits.
The admin's buttons, its list actions and the API all come through here, so
each action has one set of rules and one record, and the revision saved
with it carries the same words as its reason.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.admin.models import CHANGE, LogEntry
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms import roles
from cms.models import Entry, WorkflowStep
from cms.notifications import queue
from cms.publishing import Status

TARGETS = {
    roles.SUBMIT: Status.REVIEW,
    roles.WITHDRAW: Status.DRAFT,
    roles.REQUEST_CHANGES: Status.DRAFT,
    roles.PUBLISH: Status.PUBLISHED,
    roles.SCHEDULE: Status.PUBLISHED,
    roles.UNPUBLISH: Status.DRAFT,
    roles.ARCHIVE: Status.ARCHIVED,
}
BUTTONS = {
    roles.SUBMIT: gettext_lazy("Submit for review"),
    roles.WITHDRAW: gettext_lazy("Withdraw from review"),
    roles.REQUEST_CHANGES: gettext_lazy("Request changes"),
    roles.PUBLISH: gettext_lazy("Publish now"),
    roles.SCHEDULE: gettext_lazy("Schedule"),
    roles.UNPUBLISH: gettext_lazy("Unpublish"),
    roles.ARCHIVE: gettext_lazy("Archive"),
}
REASON_LENGTH = 100  # django-simple-history's change reason column


class WorkflowRefused(Exception):
    """The action may not be taken, said for the user; ``field`` names the input at fault."""

    def __init__(self, message: str, field: str = "action"):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass
class Step:
    user: object
    entry: Entry
    action: str
    from_status: str
    comment: str
    publish_at: datetime | None


def check(user, entry: Entry, action: str, *, comment: str = "", publish_at=None) -> None:
    """Raise ``WorkflowRefused`` unless ``user`` may take ``action`` on ``entry`` with these
    inputs; changes nothing (forms ask it while validating)."""
    if action not in TARGETS:
        raise WorkflowRefused(_("There is no workflow action “%(action)s”.") % {"action": action})
    if action not in roles.allowed_actions(user, entry):
        raise WorkflowRefused(
            _("“%(action)s” is not open to you while the entry is %(status)s.")
            % {"action": BUTTONS[action], "status": entry.get_status_display().lower()}
        )
    if action == roles.REQUEST_CHANGES and not (comment or "").strip():
        raise WorkflowRefused(
            _("Say what should change: the comment goes to the entry's authors."), "comment"
        )
    if action == roles.SCHEDULE:
        if publish_at is None:
            raise WorkflowRefused(_("Choose the date and time to publish at."), "publish_at")
        if publish_at <= timezone.now():
            raise WorkflowRefused(
                _("Choose a time still to come; to publish at once, use “Publish now”."),
                "publish_at",
            )


def prepare(user, entry: Entry, action: str, *, comment: str = "", publish_at=None) -> Step:
    """``check``, then apply the action to ``entry`` in memory, ready to be saved."""
    check(user, entry, action, comment=comment, publish_at=publish_at)
    comment = (comment or "").strip()
    now = timezone.now()
    if action == roles.SCHEDULE:
        entry.publish_at = publish_at
    if action == roles.PUBLISH and (entry.publish_at is None or entry.publish_at > now):
        entry.publish_at = now
    step = Step(user, entry, action, entry.status, comment, entry.publish_at)
    entry.status = TARGETS[action]
    entry.updated_by = user
    entry._history_user = user
    entry._change_reason = reason(step)[:REASON_LENGTH]
    return step


def reason(step: Step) -> str:
    """The words the history shows for this step."""
    label = str(WorkflowStep.Action(step.action).label)
    if step.action == roles.SCHEDULE:
        when = timezone.localtime(step.publish_at).strftime("%Y-%m-%d %H:%M %Z")
        return _("%(label)s for %(when)s") % {"label": label, "when": when}
    return f"{label}: {step.comment}" if step.comment else label


def record(step: Step) -> WorkflowStep:
    """After the entry was saved: the workflow step and the admin log entry."""
    row = WorkflowStep.objects.create(
        entry=step.entry,
        action=step.action,
        actor=step.user,
        from_status=step.from_status,
        to_status=step.entry.status,
        comment=step.comment,
        publish_at=step.publish_at if step.action == roles.SCHEDULE else None,
    )
    LogEntry.objects.log_actions(
        step.user.pk, [step.entry], CHANGE, change_message=reason(step), single_object=True
    )
    queue.announce_step(row)
    return row


def perform(
    user, entry: Entry, action: str, *, expected_version: int, comment: str = "", publish_at=None
) -> WorkflowStep:
    """Take ``action`` on ``entry`` as stored at ``expected_version`` (``EditConflict`` if not)."""
    with transaction.atomic():
        step = prepare(user, entry, action, comment=comment, publish_at=publish_at)
        entry.save(expected_version=expected_version)
        return record(step)
