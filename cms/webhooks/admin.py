"""Webhooks in the admin: endpoints for administrators, and the delivery log.

No editorial role holds these permissions, so only superusers (or groups an
administrator sets up on purpose) see them: an endpoint's secret signs
events. The log is read-only; a failed delivery can be queued again.
"""

from django.contrib import admin, messages
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cms.webhooks import events, tasks
from cms.webhooks.models import Attempt, Delivery, Endpoint


@admin.register(Endpoint)
class EndpointAdmin(admin.ModelAdmin):
    list_display = ["url", "description", "is_active", "created_at"]
    list_filter = ["is_active"]
    search_fields = ["url", "description"]
    fields = ["url", "description", "secret", "is_active"]
    actions = ["send_ping"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.action(description=_("Send a test event (ping) to the selected endpoints"))
    def send_ping(self, request, queryset):
        endpoints = list(queryset.filter(is_active=True))
        with transaction.atomic():
            tasks.announce(events.PING, {"message": "It works."}, endpoints=endpoints)
        self.message_user(
            request,
            ngettext(
                "Ping queued for %(count)d endpoint; see the delivery log.",
                "Ping queued for %(count)d endpoints; see the delivery log.",
                len(endpoints),
            )
            % {"count": len(endpoints)},
            messages.SUCCESS,
        )


class AttemptInline(admin.TabularInline):
    model = Attempt
    fields = ["number", "at", "response_code", "error", "duration_ms"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "event_type",
        "endpoint",
        "state",
        "attempts",
        "response_code",
        "last_error",
        "next_attempt_at",
        "updated_at",
    ]
    list_filter = ["state", "endpoint", "event__type"]
    list_select_related = ["event", "endpoint"]
    readonly_fields = [
        "event_type",
        "event_body",
        "endpoint",
        "state",
        "attempts",
        "response_code",
        "last_error",
        "next_attempt_at",
        "task_id",
        "created_at",
        "updated_at",
    ]
    fields = readonly_fields
    inlines = [AttemptInline]
    actions = ["retry"]

    @admin.display(description=_("event"), ordering="event__type")
    def event_type(self, delivery):
        return delivery.event.type

    @admin.display(description=_("body"))
    def event_body(self, delivery):
        return delivery.event.body

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Queue the selected failed deliveries again"))
    def retry(self, request, queryset):
        failed = list(queryset.filter(state=Delivery.State.FAILED).values_list("pk", flat=True))
        with transaction.atomic():
            Delivery.objects.filter(pk__in=failed).update(
                state=Delivery.State.RETRYING, next_attempt_at=None
            )
            for delivery_id in failed:
                transaction.on_commit(lambda pk=delivery_id: tasks.enqueue(pk), robust=True)
        self.message_user(
            request,
            ngettext(
                "%(count)d delivery queued again.",
                "%(count)d deliveries queued again.",
                len(failed),
            )
            % {"count": len(failed)},
            messages.SUCCESS,
        )
