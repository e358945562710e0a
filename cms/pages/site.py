"""Site-wide page kinds: ``robots.txt`` and the 404 page static hosts serve.

The live views (``cms.views.site``) answer with these bytes; the export can
write them without a request.
"""

from django.conf import settings

from cms.absolute import absolute_url
from cms.pages.render import SiteContext
from cms.public_urls import public_path

NOT_FOUND_TEMPLATE = "404.html"


def robots_text() -> str:
    """Every crawler may read everything public; the admin and editor are not for them."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /editor/",
        f"Sitemap: {absolute_url(public_path('sitemap'))}",
        "",
    ]
    return "\n".join(lines)


def not_found_context() -> dict:
    return {"canonical_path": public_path("not-found-page")}


def render_not_found(site: SiteContext) -> bytes:
    """``/404.html`` in the default interface language, as the live route answers it."""
    return site.render(NOT_FOUND_TEMPLATE, not_found_context(), settings.LANGUAGE_CODE)
