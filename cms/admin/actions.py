"""Workflow actions on selected entries: submit, publish, unpublish, archive.

Each action re-reads every selected entry, checks the rule in
``cms.publishing`` for that entry, saves it with its version (so a stale
selection cannot overwrite a newer edit), and reports by name what it changed
and what it refused. Nothing is skipped silently.
"""

from collections.abc import Callable

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms.exceptions import EditConflict
from cms.publishing import Status, can_edit, can_publish


def apply_transition(
    model_admin,
    request,
    queryset,
    *,
    allowed: Callable,
    change: Callable,
    done_message: str,
) -> None:
    changed, refused = [], []
    for entry in queryset.select_related(None).order_by("pk"):
        if not allowed(request.user, entry):
            refused.append(entry.title)
            continue
        change(entry)
        entry.updated_by = request.user
        try:
            entry.save(expected_version=entry.version)
        except EditConflict:
            refused.append(entry.title)
            continue
        changed.append(entry.title)
    if changed:
        model_admin.message_user(
            request, done_message % {"titles": "; ".join(changed)}, messages.SUCCESS
        )
    if refused:
        model_admin.message_user(
            request,
            _("Not changed (not allowed in their current state, or edited meanwhile): %(titles)s")
            % {"titles": "; ".join(refused)},
            messages.WARNING,
        )


@admin.action(description=gettext_lazy("Submit for review"))
def submit_for_review(model_admin, request, queryset):
    def allowed(user, entry):
        return entry.status == Status.DRAFT and can_edit(user, entry)

    def change(entry):
        entry.status = Status.REVIEW

    apply_transition(
        model_admin,
        request,
        queryset,
        allowed=allowed,
        change=change,
        done_message=_("Submitted for review: %(titles)s"),
    )


@admin.action(
    description=gettext_lazy("Publish (now, or at the scheduled time)"), permissions=["publish"]
)
def publish(model_admin, request, queryset):
    def allowed(user, entry):
        return can_publish(user) and entry.status != Status.PUBLISHED

    def change(entry):
        entry.status = Status.PUBLISHED
        entry.publish_at = entry.publish_at or timezone.now()

    apply_transition(
        model_admin,
        request,
        queryset,
        allowed=allowed,
        change=change,
        done_message=_("Published or scheduled: %(titles)s"),
    )


@admin.action(description=gettext_lazy("Unpublish (back to draft)"), permissions=["publish"])
def unpublish(model_admin, request, queryset):
    def allowed(user, entry):
        return can_publish(user) and entry.status != Status.DRAFT

    def change(entry):
        entry.status = Status.DRAFT

    apply_transition(
        model_admin,
        request,
        queryset,
        allowed=allowed,
        change=change,
        done_message=_("Back to draft: %(titles)s"),
    )


@admin.action(description=gettext_lazy("Archive"), permissions=["publish"])
def archive(model_admin, request, queryset):
    def allowed(user, entry):
        return can_publish(user) and entry.status != Status.ARCHIVED

    def change(entry):
        entry.status = Status.ARCHIVED

    apply_transition(
        model_admin,
        request,
        queryset,
        allowed=allowed,
        change=change,
        done_message=_("Archived: %(titles)s"),
    )
