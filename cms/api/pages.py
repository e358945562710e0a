"""Standalone pages (About, Contact) of one language, in navigation order."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from cms.api.base import PublicAPIView
from cms.api.docs import language_parameter, read_responses
from cms.api.envelopes import PageListSerializer
from cms.api.serializers import PageDetailSerializer, PageSerializer
from cms.models import Page
from cms.pages.api_site import page_document, page_list_document
from cms.pages.page import NAV_ORDER


class PageListView(PublicAPIView):
    """Published standalone pages of this language, in navigation order."""

    serializer_class = PageSerializer

    @extend_schema(
        operation_id="pages",
        tags=["pages"],
        summary="Published pages in one language, in navigation order",
        parameters=[language_parameter()],
        responses=read_responses(PageListSerializer),
    )
    def get(self, request, *args, **kwargs):
        pages = Page.objects.public().filter(language=self.language).defer("body", "body_html")
        pages = pages.order_by(*NAV_ORDER)
        return Response(page_list_document(self.language, list(pages)))


class PageDetailView(PublicAPIView):
    """One published page with its rendered body and Markdown source."""

    serializer_class = PageDetailSerializer

    @extend_schema(
        operation_id="page",
        tags=["pages"],
        summary="One published page with its body",
        parameters=[language_parameter()],
        responses=read_responses(PageDetailSerializer),
    )
    def get(self, request, *args, **kwargs):
        page = get_object_or_404(Page.objects.public(), language=self.language, slug=kwargs["slug"])
        return Response(page_document(page))
