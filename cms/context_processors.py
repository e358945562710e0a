"""Template context every page needs: site name, languages, navigation."""

from django.conf import settings
from django.utils import translation

from cms.absolute import site_url
from cms.conf import conf
from cms.models import Page
from cms.public_urls import language_home


def language_homes() -> dict[str, str]:
    return {code: language_home(code) for code, _name in settings.LANGUAGES}


def site(request) -> dict:
    language = translation.get_language()
    return site_values(language_homes(), nav_pages().filter(language=language))


def nav_pages():
    """The standalone pages the navigation links, with only the fields it shows."""
    return Page.objects.public().only("title", "slug", "language")


def site_values(homes: dict[str, str], pages) -> dict:
    """What this processor adds to a page in one language, given its navigation ``pages``.

    ``cms.pages.render.SiteContext`` builds the same values once per language
    for pages rendered without a request.
    """
    return {
        "site_name": conf.CMS_SITE_NAME,
        "site_url": site_url(),
        "language_homes": homes,
        "nav_pages": pages,
    }
