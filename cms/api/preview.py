"""Previews for front-ends: an unpublished entry's JSON, by signed and expiring token.

The token is the one the admin's preview link carries (``cms.preview``); a
front-end that receives it from an editor can fetch the entry in the same
document as public entries (``cms.api.documents``), plus its status. Without
a valid token nothing unpublished is served, and a response is never stored
by caches.
"""

from django.urls import resolve, reverse
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from cms.absolute import absolute_url
from cms.api.base import PublicAPIView
from cms.api.docs import read_responses
from cms.api.documents import preview_document
from cms.api.serializers import PreviewEntrySerializer
from cms.models import Entry
from cms.preview import entry_for_token, preview_path


def preview_api_url(entry: Entry) -> str:
    """The API twin of the admin's preview link, with the same token."""
    token = resolve(preview_path(entry)).kwargs["token"]
    return absolute_url(reverse("api-preview", kwargs={"token": token}))


class PreviewView(PublicAPIView):
    """An entry in any status by the signed, expiring token of its preview link (live only)."""

    serializer_class = PreviewEntrySerializer
    always_throttle = True
    cache_control = "private, no-store"

    @extend_schema(
        operation_id="preview",
        tags=["preview"],
        summary="Any entry, published or not, by signed preview token (live only)",
        responses=read_responses(PreviewEntrySerializer),
    )
    def get(self, request, *args, **kwargs):
        entry = entry_for_token(kwargs["token"])
        if entry is None:
            raise NotFound("This preview token is invalid or has expired; ask for a new one.")
        response = Response(preview_document(entry, entry.public_versions()))
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
