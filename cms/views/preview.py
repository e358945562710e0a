"""The preview page: an unpublished entry through the real templates, by signed link."""

from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from cms.preview import entry_for_token


@require_safe
@never_cache
def entry_preview(request, token: str):
    entry = entry_for_token(token)
    if entry is None:
        raise Http404("This preview link is invalid or has expired; ask for a new one.")
    with translation.override(entry.language):
        response = render(
            request,
            "cms/entry_detail.html",
            {"entry": entry, "other_versions": [], "preview": True},
        )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
