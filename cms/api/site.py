"""The API's front door (``index.json``), its OpenAPI schema, its docs page, and JSON 404s."""

from django.db.models import Count
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView
from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiJsonRenderer2
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.response import Response

from cms.api.base import PublicAPIView
from cms.api.conditional import ConditionalGetMixin
from cms.api.docs import read_responses
from cms.api.envelopes import IndexSerializer
from cms.api.params import parse_query
from cms.api.throttling import LiveOnlyAnonThrottle
from cms.models import Entry, Page, Topic
from cms.pages.api_site import index_document
from cms.publishing import public_authors


class IndexView(PublicAPIView):
    """The front door: the site's languages, public counts, and the address of every list."""

    serializer_class = IndexSerializer

    @extend_schema(
        operation_id="index",
        tags=["site"],
        summary="The site: languages, counts and where everything is",
        responses=read_responses(IndexSerializer),
    )
    def get(self, request, *args, **kwargs):
        per_language = dict(
            Entry.objects.published()
            .order_by()
            .values("language")
            .annotate(count=Count("id"))
            .values_list("language", "count")
        )
        counts = {
            "topics": Topic.objects.with_public_entries(None).count(),
            "authors": public_authors(None).count(),
            "pages": Page.objects.public().count(),
        }
        return Response(index_document(per_language, counts))


class SchemaView(ConditionalGetMixin, SpectacularJSONAPIView):
    """The OpenAPI 3.1 document, public and exported like every other read endpoint."""

    renderer_classes = [OpenApiJsonRenderer2, OpenApiJsonRenderer]
    authentication_classes: list = []
    throttle_classes = [LiveOnlyAnonThrottle]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        parse_query(request, None)


class DocsView(TemplateView):
    """Swagger UI from local static files (drf-spectacular-sidecar); no CDN, no inline script."""

    template_name = "api/docs.html"


class DocsScriptView(TemplateView):
    template_name = "api/docs.js"
    content_type = "text/javascript; charset=utf-8"


@csrf_exempt
def not_found(request, *args, **kwargs) -> JsonResponse:
    """Any other path under ``/api/v1/`` is a JSON 404, in the documented error shape."""
    return JsonResponse(
        {"detail": "No such API endpoint; see /api/v1/schema.json.", "errors": {}},
        status=404,
        json_dumps_params={"separators": (",", ":"), "ensure_ascii": False},
    )
