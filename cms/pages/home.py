"""The front door ``/``: the newest entries of every language, in the default language.

``home_context`` takes a function giving a language's newest entries, so the
live view (``cms.views.site.HomeView``, one query per language) and the
export (entries loaded once, ``EntryPages``) build the same page.
"""

from collections.abc import Callable

from django.conf import settings
from django.utils import translation

from cms.languages import default_language
from cms.pages.render import SiteContext
from cms.public_urls import language_home, public_path
from cms.sitemaps import home_alternates

TEMPLATE = "cms/home.html"
ENTRIES_PER_LANGUAGE = 5


def home_context(newest: Callable[[str, int], list]) -> dict:
    """``newest(language, n)``: that language's ``n`` newest public entries, newest first."""
    sections = [
        {
            "code": code,
            "name": name,
            "url": language_home(code),
            "entries": newest(code, ENTRIES_PER_LANGUAGE),
        }
        for code, name in settings.LANGUAGES
    ]
    return {
        "sections": sections,
        "canonical_path": public_path("home"),
        "hreflang_alternates": home_alternates(),
    }


def render_home(site: SiteContext, newest: Callable[[str, int], list]) -> bytes:
    language = default_language()
    with translation.override(language):
        context = home_context(newest)
    return site.render(TEMPLATE, context, language)
