"""Search settings, read when used (so ``override_settings`` works), with their defaults."""

from django.conf import settings


def max_query_length() -> int:
    """Longer queries are cut, not refused: a bounded amount of work per request."""
    return getattr(settings, "CMS_SEARCH_MAX_QUERY_LENGTH", 200)


def results_per_page() -> int:
    return getattr(settings, "CMS_SEARCH_RESULTS_PER_PAGE", settings.CMS_ENTRIES_PER_PAGE)


def max_pages() -> int:
    """Results past this many pages are not offered; a deep page costs the most."""
    return getattr(settings, "CMS_SEARCH_MAX_PAGES", 20)
