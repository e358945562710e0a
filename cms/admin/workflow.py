"""The workflow in the admin: the action buttons on the change form, and their endpoint.

The buttons sit under the top row of the change form. When the user may
edit the entry they belong to the entry form: the form validates the action
with everything else (``EntryAdminForm.clean``), and ``EntryAdmin.save_model``
saves the edits and the action in one save. When the form is read-only
(an author's entry waiting for review), the buttons post to
``workflow_view`` instead, which takes the action alone. Both go through
``cms.workflow``.
"""

from datetime import datetime

from django.contrib import messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cms import roles, workflow
from cms.admin.conversation import conversation_context, conversation_urls
from cms.exceptions import EditConflict
from cms.models import Entry

ACTION_FIELD, COMMENT_FIELD, TIME_FIELD, VERSION_FIELD = (
    "_workflow",
    "_workflow_comment",
    "_workflow_publish_at",
    "_workflow_version",
)
DONE = {
    roles.SUBMIT: gettext_lazy("Submitted for review: the editors see it in their queue."),
    roles.WITHDRAW: gettext_lazy("Withdrawn from review: it is a draft you can edit again."),
    roles.REQUEST_CHANGES: gettext_lazy(
        "Changes requested: the entry is a draft again, back with its authors."
    ),
    roles.PUBLISH: gettext_lazy("Published: the entry is public now."),
    roles.SCHEDULE: gettext_lazy("Scheduled: the entry becomes public on %(when)s."),
    roles.UNPUBLISH: gettext_lazy("Unpublished: the entry is a draft and no longer public."),
    roles.ARCHIVE: gettext_lazy("Archived: the entry is no longer public."),
}


def time_zone_label() -> str:
    """The site's time zone as editors read it: name and offset now ("Europe/Berlin, UTC+01:00")."""
    zone = timezone.get_current_timezone()
    offset = timezone.localtime().strftime("%z")
    return f"{zone}, UTC{offset[:3]}:{offset[3:]}"


def local_when(moment) -> str:
    local = formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")
    return f"{local} ({time_zone_label()})"


def posted_time(data) -> datetime | None:
    """The schedule time from the form (``datetime-local``, in the site's time zone)."""
    value = (data.get(TIME_FIELD) or "").strip()
    if not value:
        return None
    try:
        naive = datetime.fromisoformat(value)
    except ValueError:
        raise workflow.WorkflowRefused(
            _("“%(value)s” is not a date and time; use the picker or YYYY-MM-DD HH:MM.")
            % {"value": value},
            "publish_at",
        ) from None
    if timezone.is_aware(naive):
        return naive
    return timezone.make_aware(naive, timezone.get_current_timezone())


def posted_action(data) -> tuple[str, dict] | None:
    """The action a button posted and its inputs, or ``None`` for a plain save."""
    action = data.get(ACTION_FIELD)
    if not action:
        return None
    return action, {"comment": data.get(COMMENT_FIELD, ""), "publish_at": posted_time(data)}


def done_message(step) -> str:
    message = str(DONE[step.action])
    return message % {"when": local_when(step.publish_at)} if "%(when)s" in message else message


def panel_context(request, entry, *, editable: bool) -> dict:
    """What ``workflow_panel.html`` needs: the buttons this user may press on this entry."""
    if entry is None:  # a new entry: what the user could do with it once saved as a draft
        original = request.GET.get("translation_of", "")
        draft = Entry(translation_of_id=int(original) if original.isdigit() else None)
        allowed = [
            action
            for action in roles.allowed_actions(request.user, draft)
            if action in (roles.SUBMIT, roles.PUBLISH, roles.SCHEDULE)
        ]
    else:
        allowed = roles.allowed_actions(request.user, entry)
    return {
        "workflow_actions": [(name, workflow.BUTTONS[name]) for name in allowed],
        "workflow_needs_comment": roles.REQUEST_CHANGES in allowed,
        "workflow_can_schedule": roles.SCHEDULE in allowed,
        "workflow_time_zone": time_zone_label(),
        "workflow_url": (
            None
            if editable or entry is None
            else reverse("admin:cms_entry_workflow", args=[entry.pk])
        ),
        "workflow_fields": {
            "action": ACTION_FIELD,
            "comment": COMMENT_FIELD,
            "time": TIME_FIELD,
            "version": VERSION_FIELD,
        },
    }


def workflow_view(model_admin, request, object_id: str):
    """Take one action on an entry the user sees, from the version their page showed."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    entry = get_object_or_404(model_admin.get_queryset(request), pk=object_id)
    change_url = reverse("admin:cms_entry_change", args=[entry.pk])
    try:
        action, inputs = posted_action(request.POST) or ("", {})
        version = int(request.POST.get(VERSION_FIELD) or entry.version)
        step = workflow.perform(request.user, entry, action, expected_version=version, **inputs)
    except workflow.WorkflowRefused as refused:
        model_admin.message_user(request, refused.message, messages.ERROR)
        return HttpResponseRedirect(change_url)
    except (EditConflict, ValueError):
        model_admin.message_user(
            request,
            _("The entry changed after you opened it; nothing was done. Look again and retry."),
            messages.ERROR,
        )
        return HttpResponseRedirect(change_url)
    model_admin.message_user(request, done_message(step), messages.SUCCESS)
    return HttpResponseRedirect(change_url)


class WorkflowAdminMixin:
    """The entry admin's side of the buttons: panel context, save with action, the answer."""

    def workflow_urls(self, wrap) -> list:
        """The workflow endpoint and the review conversation's (``cms.admin.conversation``)."""
        return [
            path("<path:object_id>/workflow/", wrap(workflow_view), name="cms_entry_workflow"),
            *conversation_urls(wrap),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        editable = self.has_change_permission(request, obj) if obj else True
        context.update(panel_context(request, obj, editable=editable))
        context.update(conversation_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_form(self, request, form, change):
        """With a workflow button, apply its action to the entry before it is saved, so the
        edits and the action are one revision (the form has checked the action)."""
        obj = super().save_form(request, form, change)
        posted = posted_action(request.POST)
        if posted is not None:
            request._workflow_step = workflow.prepare(request.user, obj, posted[0], **posted[1])
        return obj

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        step = getattr(request, "_workflow_step", None)
        if step is not None:
            workflow.record(step)

    def response_add(self, request, obj, post_url_continue=None):
        return self.workflow_response(request, obj) or super().response_add(
            request, obj, post_url_continue
        )

    def response_change(self, request, obj):
        return self.workflow_response(request, obj) or super().response_change(request, obj)

    def workflow_response(self, request, obj):
        """After a workflow button: say what the action did, and stay on the entry."""
        step = getattr(request, "_workflow_step", None)
        if step is None:
            return None
        self.message_user(request, done_message(step), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:cms_entry_change", args=[obj.pk]))
