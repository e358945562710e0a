"""Conditional GET for every read endpoint: a strong ETag, and 304 when the client has it.

The ETag is a hash of the exact response body, so it changes exactly when
the bytes do, and costs no query. There is deliberately no Last-Modified:
any site-wide date (the newest edit anywhere) would change every document
whenever one entry is saved, cost an aggregate query per request, reveal
when drafts are edited, and tie every API document in the static export to
every entry, so an incremental export would render them all again.
"""

import hashlib

from django.utils.cache import get_conditional_response


def body_etag(content: bytes) -> str:
    return f'"{hashlib.sha256(content).hexdigest()[:40]}"'


class ConditionalGetMixin:
    """For DRF views: add the ETag to a 200 GET/HEAD and answer 304 when it matches."""

    cache_control = "public, max-age=0, must-revalidate"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = body_etag(response.content)
        response["ETag"] = etag
        response["Cache-Control"] = self.cache_control
        return get_conditional_response(request, etag=etag, response=response)
