"""Revision history of an entry: the list, a readable diff of any two, and restore.

django-simple-history stores a revision on every save; these views are the
editorial side: compare title, summary, body and the rest line by line, and
let an editor restore an old revision, which is saved as a new revision (the
history only ever grows).
"""

import difflib

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.exceptions import EditConflict
from cms.models import Entry
from cms.publishing import can_revert

COMPARED_FIELDS = ["title", "slug", "language", "status", "publish_at", "summary", "body"]
RESTORED_FIELDS = [
    "title",
    "slug",
    "summary",
    "body",
    "paper_authors",
    "source_url",
    "arxiv_id",
    "doi",
    "code_url",
    "journal_ref",
    "paper_comment",
    "paper_published",
    "paper_updated",
    "classification",
    "translator",
    "translation_method",
]


def field_text(record, name: str) -> str:
    if name in ("topics", "authors"):
        related = "topic" if name == "topics" else "user"
        return "\n".join(sorted(str(getattr(row, related)) for row in getattr(record, name).all()))
    value = getattr(record, name)
    return "" if value is None else str(value)


def revision_diff(older, newer) -> list[dict]:
    """Per field that differs: its label and an HTML side-by-side diff table."""
    changes = []
    for name in [*COMPARED_FIELDS, "topics", "authors"]:
        before, after = field_text(older, name), field_text(newer, name)
        if before == after:
            continue
        label = _("topics") if name == "topics" else _("byline") if name == "authors" else None
        label = label or str(Entry._meta.get_field(name).verbose_name)
        table = difflib.HtmlDiff(wrapcolumn=70).make_table(
            before.splitlines(),
            after.splitlines(),
            fromdesc=_("Revision %(id)s") % {"id": older.history_id},
            todesc=_("Revision %(id)s") % {"id": newer.history_id},
            context=name == "body",
            numlines=2,
        )
        changes.append({"field": label, "table": table})
    return changes


def revisions_view(model_admin, request, object_id: str):
    # The admin's own queryset, so an entry the user may not see is a 404 here
    # too (another author's draft), as it is on its change form.
    entry = get_object_or_404(model_admin.get_queryset(request), pk=object_id)
    if not model_admin.has_view_or_change_permission(request, entry):
        raise PermissionDenied
    records = list(entry.history.select_related("history_user").order_by("-history_id"))
    newer_id = request.GET.get("to") or (records[0].history_id if records else None)
    older_id = request.GET.get("from") or (records[1].history_id if len(records) > 1 else None)
    by_id = {str(record.history_id): record for record in records}
    older, newer = by_id.get(str(older_id)), by_id.get(str(newer_id))
    if (request.GET.get("from") and older is None) or (request.GET.get("to") and newer is None):
        raise Http404("No such revision of this entry.")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Entry._meta,
        "entry": entry,
        "title": _("Revisions of “%(title)s”") % {"title": entry.title},
        "records": records,
        "older": older,
        "newer": newer,
        "changes": revision_diff(older, newer) if older and newer else [],
        "can_restore": can_revert(request.user),
    }
    return TemplateResponse(request, "admin/cms/entry/revisions.html", context)


def restore_view(model_admin, request, object_id: str, history_id: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    entry = get_object_or_404(model_admin.get_queryset(request), pk=object_id)
    if not can_revert(request.user):
        raise PermissionDenied
    record = get_object_or_404(entry.history, history_id=history_id)
    for name in RESTORED_FIELDS:
        setattr(entry, name, getattr(record, name))
    entry.updated_by = request.user
    revisions_url = reverse("admin:cms_entry_revisions", args=[entry.pk])
    try:
        entry.full_clean(exclude=["translation_of"])
        entry.save(expected_version=entry.version)
    except EditConflict:
        model_admin.message_user(
            request, _("The entry changed while restoring; nothing was restored."), messages.ERROR
        )
        return HttpResponseRedirect(revisions_url)
    except ValidationError as error:
        model_admin.message_user(
            request,
            _("Revision %(id)s cannot be restored: %(problem)s")
            % {"id": history_id, "problem": " ".join(error.messages)},
            messages.ERROR,
        )
        return HttpResponseRedirect(revisions_url)
    entry.topics.set([row.topic for row in record.topics.all()])
    entry.authors.set([row.user for row in record.authors.all()])
    model_admin.message_user(
        request,
        _("Revision %(id)s restored; it is saved as the newest revision.") % {"id": history_id},
        messages.SUCCESS,
    )
    return HttpResponseRedirect(revisions_url)
