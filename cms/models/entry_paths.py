"""An entry's URL path from its language and slug, without ``reverse`` for plain slugs.

Entries, redirects, importers, lists, feeds and sitemaps all ask ``path_of``.
"""

import functools
import re

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils import translation

PLAIN_SLUG = re.compile(r"[A-Za-z0-9_-]+\Z")
SLUG_MARK = "entry-slug-mark"


def path_of(language: str, slug: str) -> str:
    """The URL path of the entry with ``slug`` in ``language``.

    Lists, feeds and sitemaps ask for thousands of these, and ``reverse``
    costs more than the rest of a sitemap line. A slug of plain letters,
    digits, hyphens and underscores comes out of ``reverse`` as it went in,
    so its path is the language's path around a mark, with the slug in the
    mark's place; other slugs (which ``reverse`` quotes) go through it.
    """
    if not PLAIN_SLUG.match(slug):
        with translation.override(language):
            return reverse("cms:entry-detail", kwargs={"slug": slug})
    before, after = _around_slug(language, get_script_prefix(), get_resolver(get_urlconf()))
    return before + slug + after


@functools.lru_cache(maxsize=64)
def _around_slug(language: str, script_prefix: str, resolver) -> tuple[str, str]:
    """What comes before and after the slug in an entry's path; cached per resolver, so a
    changed URLconf (``clear_url_caches`` makes a new resolver) is never served stale."""
    with translation.override(language):
        path = reverse(
            "cms:entry-detail", kwargs={"slug": SLUG_MARK}, urlconf=resolver.urlconf_name
        )
    before, _mark, after = path.partition(SLUG_MARK)
    return before, after
