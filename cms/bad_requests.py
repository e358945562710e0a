"""Malformed requests answered with a 4xx that says what was wrong, never a 500.

Two kinds reach no view: an address with a NUL character in its path or
query string (PostgreSQL refuses NUL in text, so any lookup with it failed,
and no address of this site has one), and a body larger than
``DATA_UPLOAD_MAX_MEMORY_SIZE``, which Django reports as a bad request
wherever the body is first read (a middleware, a view, the API's parser):
the site's ``handler400`` turns that one into a 413.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

API_PREFIX = "/api/"
NUL_IN_PATH = "The address contains a NUL character (%00), which no address of this site has."
NUL_IN_PARAMETER = "contains a NUL character (%00), which no valid value has."


def too_large_message() -> str:
    return (
        "The request body is larger than this site accepts "
        f"({settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes of form or JSON data)."
    )


def refusal(
    request: HttpRequest, status: int, message: str, errors: dict | None = None
) -> HttpResponse:
    """The error in the API's JSON shape under ``/api/``, as plain text elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": message, "errors": errors or {}}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def nul_refusal(request: HttpRequest) -> HttpResponse | None:
    """A 400 naming where the NUL is (the path, or each query parameter), or ``None``."""
    if "\x00" in request.path:
        return refusal(request, 400, NUL_IN_PATH)
    names = sorted(
        {
            name
            for name, values in request.GET.lists()
            if "\x00" in name or any("\x00" in value for value in values)
        }
    )
    if not names:
        return None
    listed = ", ".join(f"“{name}”" for name in names)
    return refusal(
        request,
        400,
        f"The query parameter {listed} {NUL_IN_PARAMETER}",
        {name: [f"This parameter {NUL_IN_PARAMETER}"] for name in names},
    )


class RefuseNulMiddleware:
    """A 400 for any address with a NUL in it, before anything looks the address up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return nul_refusal(request) or self.get_response(request)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The site's ``handler400``: a body over the limit is a 413, the rest Django's 400 page."""
    if isinstance(exception, RequestDataTooBig):
        return refusal(request, 413, too_large_message())
    return defaults.bad_request(request, exception)
