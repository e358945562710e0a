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

from cms import preview
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


def workflow_action(name, description, *, target, allowed, done_message, editors_only=True):
    """An admin action that moves each allowed entry to ``target`` (see ``apply_transition``)."""

    def change(entry):
        entry.status = target
        if target == Status.PUBLISHED:
            entry.publish_at = entry.publish_at or timezone.now()

    def action(model_admin, request, queryset):
        apply_transition(
            model_admin,
            request,
            queryset,
            allowed=allowed,
            change=change,
            done_message=str(done_message),
        )

    action.__name__ = name
    permissions = ["publish"] if editors_only else None
    return admin.action(description=description, permissions=permissions)(action)


submit_for_review = workflow_action(
    "submit_for_review",
    gettext_lazy("Submit for review"),
    target=Status.REVIEW,
    allowed=lambda user, entry: entry.status == Status.DRAFT and can_edit(user, entry),
    done_message=gettext_lazy("Submitted for review: %(titles)s"),
    editors_only=False,
)
publish = workflow_action(
    "publish",
    gettext_lazy("Publish (now, or at the scheduled time)"),
    target=Status.PUBLISHED,
    allowed=lambda user, entry: can_publish(user) and entry.status != Status.PUBLISHED,
    done_message=gettext_lazy("Published or scheduled: %(titles)s"),
)
unpublish = workflow_action(
    "unpublish",
    gettext_lazy("Unpublish (back to draft)"),
    target=Status.DRAFT,
    allowed=lambda user, entry: can_publish(user) and entry.status != Status.DRAFT,
    done_message=gettext_lazy("Back to draft: %(titles)s"),
)


@admin.action(description=gettext_lazy("Revoke preview links (links made afterwards work)"))
def revoke_preview_links(model_admin, request, queryset) -> None:
    """Stop every preview link of each selected entry the user may edit."""
    allowed, refused = [], []
    for entry in queryset.select_related(None).order_by("pk"):
        (allowed if can_edit(request.user, entry) else refused).append(entry)
    preview.revoke_preview_links(allowed)
    if allowed:
        model_admin.message_user(
            request,
            _("Earlier preview links no longer open: %(titles)s")
            % {"titles": "; ".join(entry.title for entry in allowed)},
            messages.SUCCESS,
        )
    if refused:
        model_admin.message_user(
            request,
            _("Not changed (you may not edit them in their current state): %(titles)s")
            % {"titles": "; ".join(entry.title for entry in refused)},
            messages.WARNING,
        )


archive = workflow_action(
    "archive",
    gettext_lazy("Archive"),
    target=Status.ARCHIVED,
    allowed=lambda user, entry: can_publish(user) and entry.status != Status.ARCHIVED,
    done_message=gettext_lazy("Archived: %(titles)s"),
)
