"""Absolute URLs for feeds, sitemaps, canonical links and the export.

They come from ``CMS_SITE_URL`` (or the export's ``--base-url``), never from
the request's Host header, so no page ever says ``testserver`` or trusts a
spoofed host.
"""

from cms.conf import conf


def site_url() -> str:
    return conf.CMS_SITE_URL.rstrip("/") + "/"


def absolute_url(path: str) -> str:
    """``/en/entries/x/`` to ``https://example.org/en/entries/x/``."""
    return site_url() + path.lstrip("/")
