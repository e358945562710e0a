"""List actions on selected entries: submit, withdraw, publish, unpublish, archive, revoke.

Each workflow action goes through ``cms.workflow`` for every selected entry
(the rule of ``cms.roles.allowed_actions``, saved with the entry's version so
a stale selection cannot overwrite a newer edit, recorded in the history),
and reports by name what it changed and what it refused. Nothing is skipped
silently. Requesting changes and scheduling need a comment or a time: they
are buttons on the entry's form.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms import preview, roles, workflow
from cms.exceptions import EditConflict
from cms.permissions import can_edit


def apply_action(model_admin, request, queryset, action: str, done_message: str) -> None:
    """Take ``action`` on each selected entry through ``cms.workflow``; report both lists."""
    changed, refused = [], []
    for entry in queryset.select_related(None).order_by("pk"):
        try:
            workflow.perform(request.user, entry, action, expected_version=entry.version)
        except (workflow.WorkflowRefused, EditConflict):
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


def workflow_action(action: str, description, *, done_message, editors_only=True):
    """A list action taking the workflow ``action`` on each selected entry that allows it."""

    def run(model_admin, request, queryset):
        apply_action(model_admin, request, queryset, action, str(done_message))

    run.__name__ = {roles.SUBMIT: "submit_for_review"}.get(action, action)
    permissions = ["publish"] if editors_only else None
    return admin.action(description=description, permissions=permissions)(run)


submit_for_review = workflow_action(
    roles.SUBMIT,
    gettext_lazy("Submit for review"),
    done_message=gettext_lazy("Submitted for review: %(titles)s"),
    editors_only=False,
)
withdraw = workflow_action(
    roles.WITHDRAW,
    gettext_lazy("Withdraw from review (back to draft)"),
    done_message=gettext_lazy("Withdrawn from review: %(titles)s"),
    editors_only=False,
)
publish = workflow_action(
    roles.PUBLISH,
    gettext_lazy("Publish now"),
    done_message=gettext_lazy("Published: %(titles)s"),
)
unpublish = workflow_action(
    roles.UNPUBLISH,
    gettext_lazy("Unpublish (back to draft)"),
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
    roles.ARCHIVE,
    gettext_lazy("Archive"),
    done_message=gettext_lazy("Archived: %(titles)s"),
)
