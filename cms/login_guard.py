"""Login throttling hooks for django-axes: whose address, what counts, what a locked-out user sees.

Clients can write any ``X-Forwarded-For`` they like, so it is ignored unless
the site runs behind its own proxy (``DJANGO_BEHIND_TLS_PROXY=1``); then only
the last address in it counts, the one that proxy appended. Rotating the
header therefore never earns an attacker fresh login attempts.

Failures count twice: per user name and address (``AXES_FAILURE_LIMIT``, a
few), and per address across all user names (``CMS_LOGIN_ADDRESS_FAILURE_LIMIT``,
more, since colleagues behind one office address mistype too). axes compares
one number with one limit, so ``LoginGuardHandler`` gives each parameter set
of ``AXES_LOCKOUT_PARAMETERS`` its own limit.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.contrib import admin
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from cms.conf import conf

ADDRESS_ONLY = ["ip_address"]


def client_address(request: HttpRequest) -> str:
    if conf.CMS_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")


def address_failure_limit() -> int:
    return conf.CMS_LOGIN_ADDRESS_FAILURE_LIMIT


def _is_address_only(parameters) -> bool:
    return list(parameters) == ADDRESS_ONLY or parameters == "ip_address"


class LoginGuardHandler(AxesDatabaseHandler):
    """axes' database handler, with the address-only count held to its own, higher limit."""

    def get_failures(self, request, credentials=None) -> int:
        """The user name's count, or the lock limit itself once the address reached its own."""
        limit = get_failure_limit(request, credentials)
        counted = 0
        for parameters, attempts in zip(
            get_lockout_parameters(request, credentials),
            self.get_user_attempts(request, credentials),
            strict=True,
        ):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if not _is_address_only(parameters):
                counted = max(counted, failures)
            elif failures >= address_failure_limit():
                counted = max(counted, limit)
        return counted

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A correct password clears that user name's failures only.

        axes would clear every failure from the address, so logging in to
        one's own account would wipe the count of guesses at everyone else's.
        """
        count = 0
        for parameters, attempts in zip(
            get_lockout_parameters(request, credentials),
            self.filter_user_attempts(request, credentials),
            strict=True,
        ):
            if not _is_address_only(parameters):
                count += attempts.delete()[0]
        return count


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """The page shown instead of the login form while a user name or address is locked."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed logins"),
        "cooloff_minutes": minutes,
    }
    return render(request, "admin/locked_out.html", context, status=429)
