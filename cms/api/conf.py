"""The API's settings, as its modules ask for them; values and defaults are ``cms.conf``'s."""

from cms.conf import conf


def page_size() -> int:
    """Entries per page of every paginated list (the exported pages use this size)."""
    return conf.CMS_API_PAGE_SIZE


def max_page_size() -> int:
    """The largest ``?page_size=`` a live client may ask for."""
    return conf.CMS_API_MAX_PAGE_SIZE


def anon_rate() -> str:
    return conf.CMS_API_ANON_RATE


def user_rate() -> str:
    return conf.CMS_API_USER_RATE
