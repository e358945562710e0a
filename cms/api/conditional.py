"""Conditional GET for every read endpoint: a strong ETag, Last-Modified, and 304 on a match.

The ETag is a hash of the exact response body, so it changes exactly when
the bytes do (the export's manifest can compare it too). Last-Modified is
coarser: the newest edit or publication time of any entry or page, or the
time this process started, whichever is later (so a deploy that changes the
output moves it). Renaming a topic or deleting an entry does not move it;
clients that need exactness send ``If-None-Match``, which takes precedence.
"""

import hashlib
from datetime import datetime

from django.db.models import Max
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from cms.models import Entry, Page
from cms.publishing import public_entry_filter

STARTED = timezone.now().replace(microsecond=0)


def content_last_modified() -> datetime:
    entries = Entry.objects.aggregate(
        updated=Max("updated_at"), published=Max("publish_at", filter=public_entry_filter())
    )
    pages = Page.objects.aggregate(updated=Max("updated_at"))
    times = [entries["updated"], entries["published"], pages["updated"], STARTED]
    return max(time for time in times if time is not None)


def body_etag(content: bytes) -> str:
    return f'"{hashlib.sha256(content).hexdigest()[:40]}"'


class ConditionalGetMixin:
    """For DRF views: add the validators to a 200 GET/HEAD and answer 304 when they match."""

    cache_control = "public, max-age=0, must-revalidate"

    def get_last_modified(self) -> datetime:
        return content_last_modified()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = body_etag(response.content)
        last_modified = self.get_last_modified().timestamp()
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        response["Cache-Control"] = self.cache_control
        return get_conditional_response(
            request, etag=etag, last_modified=int(last_modified), response=response
        )
