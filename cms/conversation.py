"""Posting in an entry's review conversation: one set of rules for the admin and the API.

Whoever may see the entry in the admin takes part (``cms.roles.can_comment``).
A comment starts a thread, optionally about one paragraph of the body as it
is now, or replies to a thread (a reply to a reply joins the same thread).
Each new comment is announced to the entry's participants
(``cms.notifications.queue``), never blocking the request.
"""

from django.utils.translation import gettext as _

from cms import roles
from cms.models import Comment
from cms.models.comments import QUOTE_LENGTH, paragraphs
from cms.notifications import queue

MAX_LENGTH = 5000


class CommentRefused(Exception):
    """Why nothing was posted; ``field`` names the input at fault (``entry``: the user)."""

    def __init__(self, message: str, field: str):
        super().__init__(message)
        self.message, self.field = message, field


def post_comment(user, entry, body: str, *, parent=None, paragraph=None) -> Comment:
    """Post ``body`` as ``user``: a new thread, or a reply when ``parent`` names a comment of
    ``entry`` (its id, as an int or the digits of one). ``paragraph`` (1-based) anchors a new
    thread to a paragraph of the body; a number outside the body anchors nothing."""
    if not roles.can_comment(user, entry):
        raise CommentRefused(_("You may not comment on this entry."), "entry")
    thread = None
    if parent not in (None, ""):
        key = str(parent)
        thread = Comment.objects.filter(entry=entry, pk=key if key.isdigit() else 0).first()
        if thread is None:
            raise CommentRefused(_("That thread no longer exists."), "parent")
        thread = thread.parent or thread
    body = (body or "").strip()
    if not body:
        raise CommentRefused(_("Write a comment first; nothing was posted."), "body")
    if len(body) > MAX_LENGTH:
        raise CommentRefused(
            _("A comment holds up to 5,000 characters; this one has %(count)s.")
            % {"count": len(body)},
            "body",
        )
    comment = Comment(entry=entry, author=user, parent=thread, body=body)
    number = str(paragraph) if paragraph is not None else ""
    blocks = paragraphs(entry.body)
    if thread is None and number.isdigit() and 1 <= int(number) <= len(blocks):
        comment.paragraph = int(number)
        comment.quote = blocks[comment.paragraph - 1][:QUOTE_LENGTH]
    comment.save()
    queue.announce_comment(comment)
    return comment
