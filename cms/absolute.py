"""Absolute URLs for feeds, sitemaps, canonical links and the export.

They come from ``CMS_SITE_URL`` (or the export's ``--base-url``), never from
the request's Host header, so no page ever says ``testserver`` or trusts a
spoofed host.
"""

import re

from cms.conf import conf


def site_url() -> str:
    return conf.CMS_SITE_URL.rstrip("/") + "/"


def absolute_url(path: str) -> str:
    """``/en/entries/x/`` to ``https://example.org/en/entries/x/``."""
    return site_url() + path.lstrip("/")


_ROOT_RELATIVE_URL_RE = re.compile(r'(\s(?:href|src)=")/(?!/)')


def absolute_urls_in_html(html: str) -> str:
    """Sanitised HTML with every root-relative ``href`` and ``src`` made absolute.

    For feeds: many feed readers resolve no relative URL in content. The
    sanitiser writes every attribute double-quoted, so the pattern sees them all.
    """
    return _ROOT_RELATIVE_URL_RE.sub(lambda match: match.group(1) + site_url(), html)
