"""Search settings, as the search modules ask for them; values and defaults are ``cms.conf``'s."""

from cms.conf import conf


def max_query_length() -> int:
    """Longer queries are cut, not refused: a bounded amount of work per request."""
    return conf.CMS_SEARCH_MAX_QUERY_LENGTH


def results_per_page() -> int:
    return conf.CMS_SEARCH_RESULTS_PER_PAGE


def max_pages() -> int:
    """Results past this many pages are not offered; a deep page costs the most."""
    return conf.CMS_SEARCH_MAX_PAGES
