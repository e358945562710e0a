"""One JSON shape for every API error: ``{"detail": ..., "errors": {field: [messages]}}``."""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import set_rollback

from cms.bad_requests import too_large_message

logger = logging.getLogger("cms.api")


def _messages(value) -> list[str]:
    if isinstance(value, dict):
        return [f"{key}: {message}" for key, item in value.items() for message in _messages(item)]
    if isinstance(value, list | tuple):
        return [message for item in value for message in _messages(item)]
    return [str(value)]


def field_errors(detail) -> dict[str, list[str]]:
    """DRF's nested error detail flattened to a list of messages per field."""
    if isinstance(detail, dict):
        return {str(field): _messages(value) for field, value in detail.items()}
    return {"non_field_errors": _messages(detail)}


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "request_too_large"


class FieldError(exceptions.APIException):
    """A refusal with a message per field (403 for a role rule, 409/412 for a stale version)."""

    def __init__(self, status_code: int, detail: str, errors: dict | None = None, **extra):
        super().__init__(detail)
        self.status_code = status_code
        self.errors = errors or {}
        self.extra = extra


def exception_handler(exc, context):
    """DRF's handler, with every error body in the same documented shape."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge(too_large_message())
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError(str(exc) or None)
    if not isinstance(exc, exceptions.APIException):
        if settings.DEBUG:
            return None  # Django's debug page, for the developer
        # A fault of ours: logged with its traceback, answered in the same JSON
        # shape, and nothing about the code or the data leaks to the client.
        logger.exception("API error on %s", context["request"].path)
        set_rollback()
        return Response(
            {
                "detail": "The server could not answer this request; the error was logged.",
                "errors": {},
            },
            status=500,
        )
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))
    if isinstance(exc, FieldError):
        data = {"detail": str(exc.detail), "errors": exc.errors, **exc.extra}
    elif isinstance(exc, exceptions.ValidationError):
        data = {"detail": "The request has invalid fields.", "errors": field_errors(exc.detail)}
    else:
        data = {"detail": str(exc.detail), "errors": {}}
    set_rollback()
    return Response(data, status=exc.status_code, headers=headers)
