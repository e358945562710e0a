"""Notifications: the in-admin inbox, and what each team member wants by e-mail.

One ``Notification`` per recipient and event, written by the background task
that also sends the e-mail (``cms.notifications``), never by the request
that caused it. ``NotificationPreference`` holds a member's choices; a
member without a row gets every e-mail (and the inbox always).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    SUBMITTED = "submitted", _("An entry was submitted for review")
    CHANGES_REQUESTED = "changes_requested", _("Changes were requested on your entry")
    PUBLISHED = "published", _("Your entry was published")
    WENT_LIVE = "went_live", _("Your scheduled entry went live")
    COMMENT = "comment", _("A comment on an entry you take part in")


class Notification(models.Model):
    Kind = NotificationKind

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("what"), max_length=20, choices=NotificationKind.choices)
    entry = models.ForeignKey(
        "cms.Entry", on_delete=models.CASCADE, null=True, related_name="+", verbose_name=_("entry")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_id}"


class NotificationPreference(models.Model):
    """Which notifications also come by e-mail; the inbox always has them all."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_submitted = models.BooleanField(NotificationKind.SUBMITTED.label, default=True)
    email_changes_requested = models.BooleanField(
        NotificationKind.CHANGES_REQUESTED.label, default=True
    )
    email_published = models.BooleanField(_("Your entry was published or went live"), default=True)
    email_comment = models.BooleanField(NotificationKind.COMMENT.label, default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    FIELD_FOR = {
        NotificationKind.SUBMITTED: "email_submitted",
        NotificationKind.CHANGES_REQUESTED: "email_changes_requested",
        NotificationKind.PUBLISHED: "email_published",
        NotificationKind.WENT_LIVE: "email_published",
        NotificationKind.COMMENT: "email_comment",
    }

    def __str__(self) -> str:
        return f"Notification preference of {self.user_id}"

    def wants_email(self, kind: str) -> bool:
        return getattr(self, self.FIELD_FOR[kind])
