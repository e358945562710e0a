"""Request budgets: anonymous live-only requests, and token-authenticated writes.

Path-only reads are not throttled: they are the static API, the same bytes
the export writes and any static host serves without limit, and the export
renders them in-process as one anonymous client. What only the live server
offers (query-string filters and page sizes, previews) is throttled per
client address. A budget against runaway scripts, not a security boundary.
"""

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from cms.conf import conf


class LiveOnlyAnonThrottle(AnonRateThrottle):
    def get_rate(self) -> str:
        return conf.CMS_API_ANON_RATE

    def allow_request(self, request, view) -> bool:
        if not request.META.get("QUERY_STRING") and not getattr(view, "always_throttle", False):
            return True
        return super().allow_request(request, view)


class WriteThrottle(UserRateThrottle):
    def get_rate(self) -> str:
        return conf.CMS_API_USER_RATE
