"""The review conversation in the admin: threads beside the entry form, and their endpoints.

The panel sits under the workflow buttons of the change form; its buttons
post to the endpoints here (``formaction``), which change only the
conversation, never the entry. Who may comment or resolve is
``cms.roles.can_comment`` and ``can_resolve`` (``resolver``); each new comment is
announced to the entry's participants through ``cms.notifications``.
"""

from django.contrib import messages
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cms import roles
from cms.models import Comment
from cms.models.comments import QUOTE_LENGTH, paragraphs
from cms.notifications import queue

BODY, PARENT, PARAGRAPH, RESOLVE = (
    "_comment_body",
    "_comment_parent",
    "_comment_paragraph",
    "_resolve",
)
EXCERPT = 60


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
    entry = get_object_or_404(model_admin.get_queryset(request), pk=object_id)
    return entry, reverse("admin:cms_entry_change", args=[entry.pk]) + "#conversation"


def comment_view(model_admin, request, object_id: str):
    """Start a thread (optionally about one paragraph) or reply to one."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    entry, back = entry_for(model_admin, request, object_id)
    if not roles.can_comment(request.user, entry):
        model_admin.message_user(request, _("You may not comment on this entry."), messages.ERROR)
        return HttpResponseRedirect(back)
    parent_id = request.POST.get(PARENT, "")
    parent = None
    if parent_id:
        parent = Comment.objects.filter(entry=entry, pk=parent_id if parent_id.isdigit() else 0)
        parent = parent.first()
        if parent is None:
            model_admin.message_user(request, _("That thread no longer exists."), messages.ERROR)
            return HttpResponseRedirect(back)
    body = request.POST.get(f"{BODY}_{parent.pk}" if parent else BODY, "").strip()
    if parent is not None:
        parent = parent.parent or parent  # a reply to a reply joins the thread
    if not body:
        model_admin.message_user(
            request, _("Write a comment first; nothing was posted."), messages.ERROR
        )
        return HttpResponseRedirect(back)
    if len(body) > 5000:
        model_admin.message_user(
            request,
            _("A comment holds up to 5,000 characters; this one has %(count)s.")
            % {"count": len(body)},
            messages.ERROR,
        )
        return HttpResponseRedirect(back)
    comment = Comment(entry=entry, author=request.user, parent=parent, body=body)
    number = request.POST.get(PARAGRAPH, "")
    blocks = paragraphs(entry.body)
    if parent is None and number.isdigit() and 1 <= int(number) <= len(blocks):
        comment.paragraph = int(number)
        comment.quote = blocks[comment.paragraph - 1][:QUOTE_LENGTH]
    comment.save()
    queue.announce_comment(comment)
    model_admin.message_user(request, _("Comment posted."), messages.SUCCESS)
    return HttpResponseRedirect(back)


def resolve_view(model_admin, request, object_id: str, comment_id: int):
    """Resolve a thread, or reopen it (``_resolve=0``)."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    entry, back = entry_for(model_admin, request, object_id)
    thread = get_object_or_404(Comment, entry=entry, pk=comment_id, parent__isnull=True)
    if not roles.can_resolve(request.user, thread, entry):
        model_admin.message_user(
            request,
            _("Only who started the thread, an editor or the entry's writers resolve it."),
            messages.ERROR,
        )
        return HttpResponseRedirect(back)
    if request.POST.get(RESOLVE, "1") == "0":
        thread.resolved_at, thread.resolved_by = None, None
        done = _("Thread reopened.")
    else:
        thread.resolved_at, thread.resolved_by = timezone.now(), request.user
        done = _("Thread resolved.")
    thread.save(update_fields=["resolved_at", "resolved_by"])
    model_admin.message_user(request, done, messages.SUCCESS)
    return HttpResponseRedirect(back)
