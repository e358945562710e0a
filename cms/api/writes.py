"""Token-authenticated writes (live only): create an entry, read and change one you may edit.

``POST /api/v1/entries/`` creates; ``GET`` and ``PATCH /api/v1/entries/<id>/``
read and change. A change must say which version it was based on, as
``If-Match: "<version>"`` (a stale one is 412) or a ``version`` field (a
stale one is 409); without either it is refused with 428, so no client can
overwrite a newer edit by accident. The rules themselves are in
``cms.api.editing``.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.authentication import TokenAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from cms.absolute import absolute_url
from cms.api.docs import NOT_FOUND, NOT_MODIFIED, THROTTLED
from cms.api.editing import create_entry, update_entry
from cms.api.envelopes import ConflictSerializer, ErrorSerializer
from cms.api.errors import FieldError
from cms.api.inputs import EntryInputSerializer, ManagedEntrySerializer
from cms.api.permissions import EditorialStaff
from cms.api.throttling import WriteThrottle
from cms.models import Entry
from cms.permissions import can_create, visible_in_admin

UNAUTHENTICATED = OpenApiResponse(ErrorSerializer, description="No or an invalid token.")
FORBIDDEN = OpenApiResponse(ErrorSerializer, description="Your role may not do this.")
INVALID = OpenApiResponse(ErrorSerializer, description="Invalid fields, a message per field.")
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description='The version you loaded, as its ETag ("3"). Or send a "version" field.',
)


def version_etag(entry: Entry) -> str:
    return f'"{entry.version}"'


def parse_if_match(value: str) -> int | None:
    """The version an If-Match names; ``None`` when it names none (``*`` or a foreign ETag)."""
    tag = value.strip().removeprefix("W/").strip('"')
    return int(tag) if tag.isdigit() and len(tag) < 12 else None


def expected_version(request, body_version: int | None) -> tuple[int | None, int]:
    """The version a change or action names, and the status a stale one gets.

    ``If-Match`` wins (412 when stale; a foreign ETag names no version of the
    entry, so it is version 0 and fails); else the ``version`` field (409).
    ``None``: neither names one (``If-Match: *`` included), which is a 428.
    """
    if_match = request.headers.get("If-Match")
    if if_match is None:
        return body_version, 409
    expected = parse_if_match(if_match)
    if expected is None and if_match.strip() != "*":
        expected = 0
    return expected, 412


def managed(entry: Entry, *, status: int = 200) -> Response:
    entry = Entry.objects.with_topics_and_byline().get(pk=entry.pk)
    response = Response(ManagedEntrySerializer(entry).data, status=status)
    response["ETag"] = version_etag(entry)
    response["Last-Modified"] = http_date(entry.updated_at.timestamp())
    return private(response)


def private(response: Response) -> Response:
    """Nothing a token's holder may edit is kept by a shared or a browser cache."""
    response["Cache-Control"] = "private, no-store"
    return response


class WriteView(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [EditorialStaff]
    throttle_classes = [WriteThrottle]

    def validated(self, request, *, partial: bool) -> dict:
        serializer = EntryInputSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)


class EntryCreateView(WriteView):
    """Create an entry under the admin's rules for your role (token; live only)."""

    @extend_schema(
        operation_id="entry_create",
        tags=["writes"],
        summary="Create an entry (token; live only)",
        request=EntryInputSerializer,
        responses={
            201: ManagedEntrySerializer,
            400: INVALID,
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            429: THROTTLED,
        },
    )
    def post(self, request, *args, **kwargs):
        if not can_create(request.user):
            raise FieldError(403, "Your role may not create entries.")
        entry = create_entry(request.user, self.validated(request, partial=False))
        response = managed(entry, status=201)
        response["Location"] = absolute_url(reverse("api-entry-manage", kwargs={"pk": entry.pk}))
        return response


class EntryManageView(WriteView):
    """Read or change an entry you may see in the admin (token; live only)."""

    def get_entry(self, pk: int) -> Entry:
        entries = visible_in_admin(self.request.user, Entry.objects.all())
        return get_object_or_404(entries.select_related("translation_of"), pk=pk)

    @extend_schema(
        operation_id="entry_manage",
        tags=["writes"],
        summary="An entry you may see in the admin, with its version (token; live only)",
        responses={
            200: ManagedEntrySerializer,
            304: NOT_MODIFIED,
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            429: THROTTLED,
        },
    )
    def get(self, request, pk: int, *args, **kwargs):
        response = managed(self.get_entry(pk))
        entry_version = response["ETag"]
        return get_conditional_response(request, etag=entry_version, response=response)

    @extend_schema(
        operation_id="entry_update",
        tags=["writes"],
        summary="Change an entry you may edit, from the version you loaded (token; live only)",
        parameters=[IF_MATCH],
        request=EntryInputSerializer(partial=True),
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
    def patch(self, request, pk: int, *args, **kwargs):
        entry = self.get_entry(pk)
        data = self.validated(request, partial=True)
        expected, stale_status = expected_version(request, data.pop("version", None))
        if expected is None:
            raise FieldError(
                428,
                "Say which version you are changing: If-Match with the entry's ETag, "
                'or a "version" field.',
                {"version": ["This field is required for changes."]},
            )
        entry = update_entry(
            request.user, entry, data, expected_version=expected, stale_status=stale_status
        )
        return managed(entry)
