"""``POST /api/v1/entries/<id>/translate/``: a draft machine translation (token; live only).

Body ``{"language": "zh-hans", "engine": "deepl"}`` (``engine`` optional:
``CMS_MT_ENGINE``). Under the same rule as creating a translation by hand
(``cms.publishing.translation_of_problem``). An ``engine`` named in the
request that the site cannot use (unknown, or without its key) is the
request's mistake (400, on the field); a site with no usable engine set up
refuses the action (403), since no request can succeed until an
administrator sets it up; only an engine that was asked and failed is a 502
whose message names it. Nothing is created on any
of them.
"""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers

from cms.absolute import absolute_url
from cms.api.docs import NOT_FOUND
from cms.api.errors import FieldError
from cms.api.inputs import ManagedEntrySerializer
from cms.api.writes import FORBIDDEN, INVALID, UNAUTHENTICATED, WriteView, managed
from cms.exceptions import MTError
from cms.models import Entry
from cms.mt.engines import engine_from
from cms.mt.translate import machine_translate, refusal
from cms.permissions import translation_of_problem, visible_in_admin


class TranslateInputSerializer(serializers.Serializer):
    language = serializers.CharField(max_length=15)
    engine = serializers.CharField(max_length=300, required=False, allow_blank=True)


class TranslateView(WriteView):
    """Translate an original entry with the machine translation engine into a new draft."""

    @extend_schema(
        operation_id="entry_machine_translate",
        tags=["writes"],
        summary="Machine translate an entry into a new draft (token; live only)",
        request=TranslateInputSerializer,
        responses={
            201: ManagedEntrySerializer,
            400: INVALID,
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_FOUND,
            502: OpenApiResponse(description="The engine failed; its name is in the message."),
        },
    )
    def post(self, request, pk: int, *args, **kwargs):
        entries = visible_in_admin(request.user, Entry.objects.all())
        original = get_object_or_404(entries, pk=pk)
        serializer = TranslateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        language = serializer.validated_data["language"]
        problem = translation_of_problem(request.user, None, original)
        if problem:
            raise FieldError(403, problem)
        refused = refusal(original, language)
        if refused:
            raise FieldError(400, refused, {"language": [refused]})
        engine = serializer.validated_data.get("engine") or None
        check_engine(engine)
        try:
            result = machine_translate(original, language, engine=engine, user=request.user)
        except MTError as error:
            raise FieldError(502, str(error)) from None
        response = managed(result.entry, status=201)
        response["Location"] = absolute_url(
            reverse("api-entry-manage", kwargs={"pk": result.entry.pk})
        )
        return response


def check_engine(engine: str | None) -> None:
    """Refuse before asking anything when the engine cannot be used (see the docstring)."""
    try:
        engine_from(engine)
    except MTError as error:
        if engine:
            raise FieldError(400, str(error), {"engine": [str(error)]}) from None
        raise FieldError(403, str(error)) from None
