"""OpenAPI response declarations shared by the views, so each view states its codes once."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from cms.api.envelopes import ErrorSerializer
from cms.languages import language_codes

NOT_MODIFIED = OpenApiResponse(description="Not modified: the ETag or date matched.")
MOVED = OpenApiResponse(description="Page 1 lives at the list's own address.")
BAD_QUERY = OpenApiResponse(ErrorSerializer, description="Unknown or invalid query parameter.")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such public resource.")
THROTTLED = OpenApiResponse(ErrorSerializer, description="Too many live-only requests.")


def read_responses(body, *, paginated: bool = False) -> dict:
    responses = {200: body, 304: NOT_MODIFIED, 400: BAD_QUERY, 404: NOT_FOUND, 429: THROTTLED}
    if paginated:
        responses[301] = MOVED
    return responses


def language_parameter() -> OpenApiParameter:
    return OpenApiParameter(
        "language",
        str,
        OpenApiParameter.PATH,
        enum=language_codes(),
        description="A site language code.",
    )


def page_parameter() -> OpenApiParameter:
    return OpenApiParameter(
        "page",
        int,
        OpenApiParameter.PATH,
        description="Page number, from 2 (page 1 is the list's own address).",
    )
