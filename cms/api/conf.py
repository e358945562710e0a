"""API settings with their defaults, read on every use so ``override_settings`` works."""

from django.conf import settings


def page_size() -> int:
    """Entries per page of every paginated list (the exported pages use this size)."""
    return getattr(settings, "CMS_API_PAGE_SIZE", 20)


def max_page_size() -> int:
    """The largest ``?page_size=`` a live client may ask for."""
    return getattr(settings, "CMS_API_MAX_PAGE_SIZE", 100)


def anon_rate() -> str:
    return getattr(settings, "CMS_API_ANON_RATE", "120/minute")


def user_rate() -> str:
    return getattr(settings, "CMS_API_USER_RATE", "600/minute")
