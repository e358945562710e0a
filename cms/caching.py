"""Cache headers for public pages, so a CDN or a browser may keep them for a short while.

Anonymous pages are the same for every reader, so they can be shared by
caches for ``CMS_PAGE_MAX_AGE`` seconds (0 turns this off). Anything that
already decided its own caching (the API, previews, the admin's
``never_cache``), set a cookie or varies on the session is left alone: a
shared cache must never keep a page that belongs to one person. Hashed static
files are whitenoise's business (cached forever, they never change).
"""

from django.utils.cache import has_vary_header, patch_cache_control

from cms.conf import conf

CACHEABLE_STATUSES = {200, 301, 404}


def is_shareable(request, response) -> bool:
    """Whether a shared cache may keep this response for every reader."""
    return (
        request.method in ("GET", "HEAD")
        and response.status_code in CACHEABLE_STATUSES
        and not response.has_header("Cache-Control")
        and not response.cookies
        and not has_vary_header(response, "Cookie")
    )


class PublicCacheMiddleware:
    """Mark shareable responses ``Cache-Control: public, max-age=N``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        max_age = conf.CMS_PAGE_MAX_AGE
        if max_age > 0 and is_shareable(request, response):
            patch_cache_control(response, public=True, max_age=max_age)
        return response
