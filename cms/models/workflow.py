"""Workflow steps: who moved an entry from one status to another, when, and why.

Every explicit workflow action (submit, withdraw, request changes, publish,
schedule, unpublish, archive) writes one row, whichever door it came through
(admin form, admin list, API). The rows are what the review queue reads
(who submitted, how long ago), what "sent back to me" means, and what the
notifications announce; the revision history has the same words in each
revision's change reason.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cms.publishing import Status


class WorkflowStep(models.Model):
    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted for review")
        WITHDRAW = "withdraw", _("Withdrawn from review")
        REQUEST_CHANGES = "request_changes", _("Changes requested")
        PUBLISH = "publish", _("Published")
        SCHEDULE = "schedule", _("Scheduled")
        UNPUBLISH = "unpublish", _("Unpublished")
        ARCHIVE = "archive", _("Archived")

    entry = models.ForeignKey("cms.Entry", on_delete=models.CASCADE, related_name="workflow_steps")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    from_status = models.CharField(_("from"), max_length=12, choices=Status.choices)
    to_status = models.CharField(_("to"), max_length=12, choices=Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.entry_id}"
