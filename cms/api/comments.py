"""``/api/v1/entries/<id>/comments/``: an entry's review conversation (token; live only).

``GET`` reads the threads, each with its replies, whether and by whom it was
resolved; ``POST`` starts a thread (``paragraph`` anchors it to one of the
body's paragraphs) or replies to one (``parent``). Whoever may see the entry in
the admin takes part (``cms.roles.can_comment``); the entry is found as the
other write endpoints find it, so an entry the user cannot see is a 404. The
rules and the notifications are ``cms.conversation``'s, as for the admin.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from cms import roles
from cms.api.docs import NOT_FOUND, THROTTLED
from cms.api.errors import FieldError
from cms.api.writes import (
    FORBIDDEN,
    INVALID,
    UNAUTHENTICATED,
    EntryManageView,
    WriteView,
    private,
)
from cms.conversation import MAX_LENGTH, CommentRefused, post_comment
from cms.models import Comment


class MemberSerializer(serializers.Serializer):
    username = serializers.CharField(source="get_username")
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.get_full_name() or user.get_username()


class CommentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    thread = serializers.IntegerField(
        source="parent_id", allow_null=True, help_text="The thread it replies to; null: a thread."
    )
    author = MemberSerializer(allow_null=True, help_text="Null when the account was deleted.")
    body = serializers.CharField()
    paragraph = serializers.IntegerField(
        allow_null=True, help_text="The paragraph of the body the thread is about (from 1)."
    )
    quote = serializers.CharField(help_text="That paragraph's opening words when written.")
    created_at = serializers.DateTimeField()


class ThreadSerializer(CommentSerializer):
    resolved_at = serializers.DateTimeField(allow_null=True)
    resolved_by = MemberSerializer(allow_null=True)
    replies = CommentSerializer(many=True, help_text="In the order they were written.")


class ConversationSerializer(serializers.Serializer):
    entry = serializers.IntegerField()
    open_threads = serializers.IntegerField()
    threads = ThreadSerializer(many=True, help_text="Oldest first, resolved ones included.")


class CommentInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=MAX_LENGTH, allow_blank=True, trim_whitespace=False)
    parent = serializers.IntegerField(
        required=False, allow_null=True, help_text="A comment of the thread to reply to."
    )
    paragraph = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        help_text="For a new thread: the paragraph of the body it is about (from 1).",
    )


class EntryCommentsView(WriteView):
    """The review conversation of an entry you see (token; live only)."""

    def get_entry(self, pk: int):
        entry = EntryManageView.get_entry(self, pk)
        if not roles.can_comment(self.request.user, entry):
            raise FieldError(403, "Your role may not take part in review conversations.")
        return entry

    @extend_schema(
        operation_id="entry_comments",
        tags=["writes"],
        summary="An entry's review conversation: threads and replies (token; live only)",
        responses={
            200: ConversationSerializer,
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            429: THROTTLED,
        },
    )
    def get(self, request, pk: int, *args, **kwargs):
        entry = self.get_entry(pk)
        threads = list(Comment.objects.filter(entry=entry).threads())
        body = {
            "entry": entry.pk,
            "open_threads": sum(not thread.is_resolved for thread in threads),
            "threads": ThreadSerializer(threads, many=True).data,
        }
        return private(Response(body))

    @extend_schema(
        operation_id="entry_comment_create",
        tags=["writes"],
        summary="Start a thread or reply in an entry's review conversation (token; live only)",
        request=CommentInputSerializer,
        responses={
            201: CommentSerializer,
            400: INVALID,
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            429: THROTTLED,
        },
    )
    def post(self, request, pk: int, *args, **kwargs):
        entry = self.get_entry(pk)
        serializer = CommentInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            comment = post_comment(
                request.user,
                entry,
                data["body"],
                parent=data.get("parent"),
                paragraph=data.get("paragraph"),
            )
        except CommentRefused as refused:
            status = 403 if refused.field == "entry" else 400
            raise FieldError(status, refused.message, {refused.field: [refused.message]}) from None
        comment.author = request.user
        return private(Response(CommentSerializer(comment).data, status=201))
