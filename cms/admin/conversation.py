"""The review conversation in the admin: threads beside the entry form, and their endpoints.

The panel sits under the workflow buttons of the change form; its buttons
post to the endpoints here (``formaction``), which change only the
conversation, never the entry. Who may comment or resolve is
``cms.roles.can_comment`` and ``can_resolve`` (``resolver``); comments are posted
by ``cms.conversation.post_comment``, as the API posts them.

Posting never loses what the writer typed in the entry form and did not save.
``static/cms/admin-conversation.js`` posts the panel alone (header
``X-CMS-Conversation``) and swaps in the panel this answers with, so the page,
and the form in it, stay. Without it, the button posts the whole form: when
the entry's fields differ from the saved entry, the answer is the change form
again with those values in it, unsaved, and a message saying so.
"""

from django.contrib import messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms import roles
from cms.conversation import CommentRefused, post_comment
from cms.models import Comment
from cms.models.comments import paragraphs

BODY, PARENT, PARAGRAPH, RESOLVE = (
    "_comment_body",
    "_comment_parent",
    "_comment_paragraph",
    "_resolve",
)
EXCERPT = 60
PANEL_HEADER = "X-CMS-Conversation"


def conversation_urls(wrap) -> list:
    return [
        path("<path:object_id>/comments/", wrap(comment_view), name="cms_entry_comment"),
        path(
            "<path:object_id>/comments/<int:comment_id>/resolve/",
            wrap(resolve_view),
            name="cms_entry_resolve",
        ),
    ]


def conversation_context(request, entry) -> dict:
    """The threads of ``entry`` and what the user may do in them (for ``conversation.html``)."""
    if entry is None or entry.pk is None or not roles.can_comment(request.user, entry):
        return {"conversation": None}
    threads = list(Comment.objects.filter(entry=entry).threads())
    resolves = roles.resolver(request.user, entry)
    for thread in threads:
        thread.can_resolve = resolves(thread)
    return {
        "conversation": {
            "open": [thread for thread in threads if not thread.is_resolved],
            "resolved": [thread for thread in threads if thread.is_resolved],
            "paragraphs": [
                (number, text[:EXCERPT] + ("…" if len(text) > EXCERPT else ""))
                for number, text in enumerate(paragraphs(entry.body), start=1)
            ],
            "comment_url": reverse("admin:cms_entry_comment", args=[entry.pk]),
            "fields": {"body": BODY, "parent": PARENT, "paragraph": PARAGRAPH},
        }
    }


def entry_for(model_admin, request, object_id):
    return get_object_or_404(model_admin.get_queryset(request), pk=object_id)


def answer(model_admin, request, entry, text: str, level: int):
    """The panel alone to the page's script; otherwise the message and the change form."""
    if request.headers.get(PANEL_HEADER):
        context = conversation_context(request, entry)
        context["conversation_notice"] = {"text": text, "error": level == messages.ERROR}
        status = 400 if level == messages.ERROR else 200
        return render(request, "admin/cms/entry/conversation.html", context, status=status)
    model_admin.message_user(request, text, level)
    change_url = reverse("admin:cms_entry_change", args=[entry.pk])
    kept = unsaved_values(model_admin, request, entry)
    if kept is None:
        return HttpResponseRedirect(change_url + "#conversation")
    model_admin.message_user(
        request,
        _(
            "Your edits to the entry are not saved yet: they are still in the form below. "
            "Save to keep them."
        ),
        messages.WARNING,
    )
    request.cms_unsaved = kept
    request.method = "GET"  # the change form, shown as a GET shows it, with the values kept
    return model_admin.changeform_view(request, str(entry.pk), form_url=change_url)


def unsaved_values(model_admin, request, entry) -> dict | None:
    """The entry form's values as posted with the comment, when they differ from the saved
    entry (``None`` when the post carried no entry form, or nothing in it changed)."""
    if "loaded_version" not in request.POST or not model_admin.has_change_permission(
        request, entry
    ):
        return None
    form_class = model_admin.get_form(request, entry, change=True)
    form = form_class(request.POST, request.FILES, instance=entry)
    if not any(differs(form[name]) for name in form.changed_data if name != "loaded_version"):
        return None
    return {name: form[name].data for name in form.fields}


def differs(field) -> bool:
    """Changed, line endings aside (a browser sends CRLF where the entry keeps LF)."""
    initial, data = field.initial, field.data
    if isinstance(initial, str) and isinstance(data, str):
        return initial.replace("\r\n", "\n") != data.replace("\r\n", "\n")
    return True


def comment_view(model_admin, request, object_id: str):
    """Start a thread (optionally about one paragraph) or reply to one."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    entry = entry_for(model_admin, request, object_id)
    parent = request.POST.get(PARENT, "")
    try:
        post_comment(
            request.user,
            entry,
            request.POST.get(f"{BODY}_{parent}" if parent else BODY, ""),
            parent=parent,
            paragraph=request.POST.get(PARAGRAPH, ""),
        )
    except CommentRefused as refused:
        return answer(model_admin, request, entry, refused.message, messages.ERROR)
    return answer(model_admin, request, entry, _("Comment posted."), messages.SUCCESS)


def resolve_view(model_admin, request, object_id: str, comment_id: int):
    """Resolve a thread, or reopen it (``_resolve=0``)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    entry = entry_for(model_admin, request, object_id)
    thread = get_object_or_404(Comment, entry=entry, pk=comment_id, parent__isnull=True)
    if not roles.can_resolve(request.user, thread, entry):
        return answer(
            model_admin,
            request,
            entry,
            _("Only who started the thread, an editor or the entry's writers resolve it."),
            messages.ERROR,
        )
    if request.POST.get(RESOLVE, "1") == "0":
        thread.resolved_at, thread.resolved_by = None, None
        done = _("Thread reopened.")
    else:
        thread.resolved_at, thread.resolved_by = timezone.now(), request.user
        done = _("Thread resolved.")
    thread.save(update_fields=["resolved_at", "resolved_by"])
    return answer(model_admin, request, entry, done, messages.SUCCESS)
