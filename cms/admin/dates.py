"""Dates as editors read them in the admin: in the site's time zone, and saying which."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def when(moment) -> str:
    """ "Dec. 6, 2026, 3:23 p.m. (CET)"; "not set" for no date (revisions, the entry list)."""
    if moment is None:
        return _("not set")
    local = timezone.localtime(moment)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} ({local.tzname()})"
