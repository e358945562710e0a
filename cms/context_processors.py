"""Template context every page needs: site name, languages, navigation."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from cms.absolute import site_url
from cms.conf import conf
from cms.models import Page


def language_homes() -> dict[str, str]:
    homes = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            homes[code] = reverse("cms:entry-list")
    return homes


def site(request) -> dict:
    language = translation.get_language()
    return {
        "site_name": conf.CMS_SITE_NAME,
        "site_url": site_url(),
        "language_homes": language_homes(),
        "nav_pages": Page.objects.public()
        .filter(language=language)
        .only("title", "slug", "language"),
    }
