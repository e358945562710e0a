"""Login throttling hooks for django-axes: whose address, and what a locked-out user sees.

Clients can write any ``X-Forwarded-For`` they like, so it is ignored unless
the site runs behind its own proxy (``DJANGO_BEHIND_TLS_PROXY=1``); then only
the last address in it counts, the one that proxy appended. Rotating the
header therefore never earns an attacker fresh login attempts.
"""

from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_address(request: HttpRequest) -> str:
    if getattr(settings, "CMS_BEHIND_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """The page shown instead of the login form while a user name and address are locked."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed logins"),
        "cooloff_minutes": minutes,
    }
    return render(request, "admin/locked_out.html", context, status=429)
