"""``POST /api/v1/entries/<id>/workflow/``: a workflow action through the API (token; live only).

The same actions, rules and records as the admin's buttons (``cms.workflow``):
an author withdraws an entry waiting for review (which they may no longer
edit, so a ``PATCH`` of its status is refused), an editor requests changes
with a comment or schedules with a time. Like every change it names the
version it was based on (``If-Match`` or ``version``).
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers

from cms import roles, workflow
from cms.api.docs import NOT_FOUND, THROTTLED
from cms.api.editing import stale
from cms.api.envelopes import ConflictSerializer, ErrorSerializer
from cms.api.errors import FieldError
from cms.api.inputs import ManagedEntrySerializer
from cms.api.writes import (
    FORBIDDEN,
    IF_MATCH,
    INVALID,
    UNAUTHENTICATED,
    EntryManageView,
    WriteView,
    expected_version,
    managed,
)
from cms.exceptions import EditConflict


class ActionInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=roles.ACTIONS)
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=5000, help_text="Required to request changes."
    )
    publish_at = serializers.DateTimeField(
        required=False, allow_null=True, help_text="Required to schedule; a time still to come."
    )
    version = serializers.IntegerField(required=False, min_value=1)


class EntryWorkflowView(WriteView):
    """Take a workflow action on an entry you see (token; live only)."""

    get_entry = EntryManageView.get_entry

    @extend_schema(
        operation_id="entry_workflow",
        tags=["writes"],
        summary="Submit, withdraw, request changes, publish, schedule, unpublish or archive",
        parameters=[IF_MATCH],
        request=ActionInputSerializer,
        responses={
            200: ManagedEntrySerializer,
            400: INVALID,
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            409: OpenApiResponse(ConflictSerializer, description="Stale version field."),
            412: OpenApiResponse(ConflictSerializer, description="Stale If-Match."),
            428: OpenApiResponse(ErrorSerializer, description="No version given."),
            429: THROTTLED,
        },
    )
    def post(self, request, pk: int, *args, **kwargs):
        entry = self.get_entry(pk)
        serializer = ActionInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        expected, stale_status = expected_version(request, data.get("version"))
        if expected is None:
            message = 'Say which version you are acting on: If-Match or a "version" field.'
            raise FieldError(428, message, {"version": [message]})
        try:
            workflow.perform(
                request.user,
                entry,
                data["action"],
                expected_version=expected,
                comment=data.get("comment", ""),
                publish_at=data.get("publish_at"),
            )
        except workflow.WorkflowRefused as refused:
            status = 403 if refused.field == "action" else 400
            raise FieldError(status, refused.message, {refused.field: [refused.message]}) from None
        except EditConflict as error:
            raise stale(entry, expected, stale_status) from error
        return managed(entry)
