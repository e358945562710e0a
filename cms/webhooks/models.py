"""Webhook endpoints, the events sent to them, and the log of every delivery attempt."""

import secrets
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cms.validators import validate_web_url


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Endpoint(models.Model):
    """A receiver registered by an administrator; its secret signs every request to it."""

    url = models.URLField(
        _("URL"),
        max_length=500,
        validators=[validate_web_url],
        help_text=_("Where events are POSTed; http:// or https:// only."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        default=new_secret,
        help_text=_("Shared with the receiver, which checks signatures with it."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["url"]
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.description or self.url


class Event(models.Model):
    """Something front-ends care about, with the exact JSON body every endpoint receives."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(_("type"), max_length=40)
    body = models.TextField(_("body"), help_text=_("The JSON sent, byte for byte."))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")

    def __str__(self) -> str:
        return f"{self.type} {self.id}"


class Delivery(models.Model):
    """One event on its way to one endpoint: its state and how many attempts it took."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        RETRYING = "retrying", _("Retrying")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled (endpoint inactive)")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    response_code = models.PositiveSmallIntegerField(_("last response code"), null=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        indexes = [models.Index(fields=["state", "task_id"])]

    def __str__(self) -> str:
        return f"{self.event.type} → {self.endpoint}"


class Attempt(models.Model):
    """One POST: when, what came back, how long it took."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="log")
    number = models.PositiveSmallIntegerField(_("attempt"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    response_code = models.PositiveSmallIntegerField(_("response code"), null=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)

    class Meta:
        ordering = ["delivery", "number"]
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")

    def __str__(self) -> str:
        return f"#{self.number}"

    @property
    def succeeded(self) -> bool:
        return self.response_code is not None and 200 <= self.response_code < 300


class PendingPublication(models.Model):
    """A scheduled entry whose ``entry.published`` event waits for its ``publish_at``.

    One row per entry, kept in step with the entry by every save; the event
    is written by whoever deletes the row once the time has come (see
    ``cms.webhooks.schedule``), so it is written once.
    """

    entry = models.OneToOneField(
        "cms.Entry", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    publish_at = models.DateTimeField(_("publish at"))

    class Meta:
        verbose_name = _("pending publication event")
        verbose_name_plural = _("pending publication events")
        indexes = [models.Index(fields=["publish_at"])]

    def __str__(self) -> str:
        return f"{self.entry_id} at {self.publish_at}"
