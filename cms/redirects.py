"""Slug changes leave a redirect behind; requests for an old URL follow it.

``Entry.save`` records the old path (``Redirect.objects.record``); the middleware
answers a 404 with a permanent redirect when the path once belonged to an
entry that is public now; ``public_redirect_paths`` lists those paths for the
static export, which writes each one as a small redirect page
(``cms.export.loaded_kinds``, from ``public_redirects``).
"""

from django.http import HttpResponsePermanentRedirect

from cms.models import Redirect
from cms.publishing import public_entry_filter


def public_redirect_paths() -> list[str]:
    """Old paths whose entry is public, in a stable order."""
    return [old_path for old_path, _entry in public_redirects()]


def public_redirects() -> list[tuple[str, int]]:
    """Each old path whose entry is public, with that entry's primary key, by old path."""
    return list(
        Redirect.objects.filter(public_entry_filter(prefix="entry__"))
        .order_by("old_path")
        .values_list("old_path", "entry_id")
    )


class RedirectFallbackMiddleware:
    """Turn a 404 for an entry's former URL into a 301 to its current one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404:
            return response
        redirect = (
            Redirect.objects.filter(public_entry_filter(prefix="entry__"), old_path=request.path)
            .select_related("entry")
            .first()
        )
        if redirect is None:
            return response
        return HttpResponsePermanentRedirect(redirect.entry.get_absolute_url())
