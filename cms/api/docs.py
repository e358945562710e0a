"""OpenAPI response declarations shared by the views, so each view states its codes once."""

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from cms.api.envelopes import ErrorSerializer
from cms.languages import language_codes

NOT_MODIFIED = OpenApiResponse(description="Not modified: the ETag or date matched.")
BAD_QUERY = OpenApiResponse(ErrorSerializer, description="Unknown or invalid query parameter.")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such public resource.")
THROTTLED = OpenApiResponse(ErrorSerializer, description="Too many live-only requests.")


def read_responses(body) -> dict:
    return {200: body, 304: NOT_MODIFIED, 400: BAD_QUERY, 404: NOT_FOUND, 429: THROTTLED}


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
        description=(
            "Numbered page, counted from the end of the list: page 1 holds the oldest "
            "entries (the last, with `ordering`); the newest are on the list's own address."
        ),
    )
