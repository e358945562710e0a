"""Revision history of an entry: the list, a readable diff of any two, and restore.

django-simple-history stores a revision on every save; these views are the
editorial side: revisions numbered per entry with what happened in each
(the workflow action's words, or "Edited"); title, summary and body compared
word by word (``cms.admin.worddiff``; the body also rendered, block by block,
``cms.admin.rendered_diff``, with ``?view=rendered``), the other fields shown before and
after in words (status labels, dates in the site's time zone); and restoring
an old revision, which is saved as a new one (the history only grows).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from cms.admin.dates import when
from cms.admin.rendered_diff import rendered_diff
from cms.admin.worddiff import paragraph_diff, word_diff
from cms.exceptions import EditConflict, MarkdownError
from cms.models import Entry
from cms.models.papers import PAPER_FIELDS
from cms.permissions import can_revert

TEXT_FIELDS = ["title", "summary", "body"]
VALUE_FIELDS = ["slug", "language", "status", "publish_at", "translator", "translation_method"]
RESTORED_FIELDS = [
    "title",
    "slug",
    "summary",
    "body",
    *PAPER_FIELDS,
    "translator",
    "translation_method",
]


def field_text(record, name: str) -> str:
    if name in ("topics", "authors"):
        related = "topic" if name == "topics" else "user"
        return "\n".join(sorted(str(getattr(row, related)) for row in getattr(record, name).all()))
    value = getattr(record, name)
    return "" if value is None else str(value)


def human_value(record, name: str) -> str:
    """What a field holds, in words: labels for choices, local dates, "empty" for nothing."""
    value = getattr(record, name)
    if name == "publish_at":
        return when(value)
    if name in ("status", "language", "translation_method"):
        return str(getattr(record, f"get_{name}_display")()) if value else _("empty")
    return str(value) if value else _("empty")


def label_of(name: str) -> str:
    if name == "topics":
        return _("topics")
    if name == "authors":
        return _("byline")
    return str(Entry._meta.get_field(name).verbose_name)


def revision_diff(older, newer, *, rendered: bool = False) -> list[dict]:
    """Per field that differs: its label and either a word diff (``words``, ``blocks`` for
    the body) or the value before and after in words (``before``, ``after``). ``rendered``:
    the body's changed blocks rendered too (``rendered``, or ``unrenderable``: why not)."""
    changes = []
    for name in TEXT_FIELDS:
        before, after = field_text(older, name), field_text(newer, name)
        if before == after:
            continue
        change = {"field": label_of(name), "name": name}
        if name == "body":
            change["blocks"] = paragraph_diff(before, after)
            if rendered:
                try:
                    change["rendered"] = rendered_diff(before, after)
                except MarkdownError as error:
                    change["unrenderable"] = str(error)
        else:
            change["words"] = word_diff(before, after)
        changes.append(change)
    for name in VALUE_FIELDS:
        if getattr(older, name) != getattr(newer, name):
            changes.append(
                {
                    "field": label_of(name),
                    "name": name,
                    "before": human_value(older, name),
                    "after": human_value(newer, name),
                }
            )
    for name in ("topics", "authors"):
        before = set(field_text(older, name).splitlines())
        after = set(field_text(newer, name).splitlines())
        if before != after:
            changes.append(
                {
                    "field": label_of(name),
                    "name": name,
                    "removed": sorted(before - after),
                    "added": sorted(after - before),
                }
            )
    return changes


def numbered(records: list) -> list:
    """Give each revision its number within the entry (1 is the first), newest first."""
    for position, record in enumerate(reversed(records), start=1):
        record.number = position
        record.saved = when(record.history_date)
        record.what = record.history_change_reason or (
            _("Created") if record.history_type == "+" else _("Edited")
        )
    return records


def revisions_view(model_admin, request, object_id: str):
    # The admin's own queryset, so an entry the user may not see is a 404 here
    # too (another author's draft), as it is on its change form.
    entry = get_object_or_404(model_admin.get_queryset(request), pk=object_id)
    if not model_admin.has_view_or_change_permission(request, entry):
        raise PermissionDenied
    records = numbered(list(entry.history.select_related("history_user").order_by("-history_id")))
    newer_id = request.GET.get("to") or (records[0].history_id if records else None)
    older_id = request.GET.get("from") or (records[1].history_id if len(records) > 1 else None)
    by_id = {str(record.history_id): record for record in records}
    older, newer = by_id.get(str(older_id)), by_id.get(str(newer_id))
    if (request.GET.get("from") and older is None) or (request.GET.get("to") and newer is None):
        raise Http404("No such revision of this entry.")
    view = "rendered" if request.GET.get("view") == "rendered" else "source"
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Entry._meta,
        "entry": entry,
        "title": _("Revisions of “%(title)s”") % {"title": entry.title},
        "records": records,
        "older": older,
        "newer": newer,
        "changes": revision_diff(older, newer, rendered=view == "rendered")
        if older and newer
        else [],
        "view": view,
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
    number = entry.history.filter(history_id__lte=record.history_id).count()
    entry._change_reason = _("Revision %(number)s restored") % {"number": number}
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
            % {"id": number, "problem": " ".join(error.messages)},
            messages.ERROR,
        )
        return HttpResponseRedirect(revisions_url)
    entry.topics.set([row.topic for row in record.topics.all()])
    entry.authors.set([row.user for row in record.authors.all()])
    model_admin.message_user(
        request,
        _("Revision %(number)s restored; it is saved as the newest revision.") % {"number": number},
        messages.SUCCESS,
    )
    return HttpResponseRedirect(revisions_url)
