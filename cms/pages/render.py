"""Rendering a page kind's template outside the request cycle, with no query per page.

A live response's template context is the view's context plus what the
context processors add (``site_project.settings.TEMPLATES``). The public
templates use only the site processor's values and the i18n processor's
language list and current language; ``SiteContext`` computes those once for
each language, so rendering a thousand pages asks the database for the
navigation pages once per language, not once per page. Each language's
context also carries a ``card_cache`` (``cms_tags.entry_card``), so an
entry's card is rendered once per language however many lists show it, and a
``part_cache`` (``cms_tags.site_part``) for the navigation and the footer.
"""

from django.conf import settings
from django.template.loader import get_template
from django.utils import translation

from cms.context_processors import language_homes, nav_pages, site_values
from cms.templatetags.cms_tags import cached_card


class SiteContext:
    """The context processors' values for public pages, one dict per language."""

    def __init__(self) -> None:
        homes = language_homes()
        nav = {code: [] for code, _name in settings.LANGUAGES}
        for page in nav_pages():
            nav.setdefault(page.language, []).append(page)
        self.by_language = {
            code: {
                **site_values(homes, nav[code]),
                "LANGUAGES": settings.LANGUAGES,
                "LANGUAGE_CODE": code,
                "LANGUAGE_BIDI": translation.get_language_info(code)["bidi"],
                "card_cache": {},
                "part_cache": {},
            }
            for code in nav
        }

    def warm_cards(self, entries) -> None:
        """Each entry's card in its language, as the lists will show it, rendered now."""
        for entry in entries:
            with translation.override(entry.language):
                cached_card(self.by_language[entry.language]["card_cache"], entry)

    def render(self, template_name: str, context: dict, language: str) -> bytes:
        """The template's bytes in ``language``, as the live site answers them."""
        with translation.override(language):
            return (
                get_template(template_name)
                .render({**self.by_language[language], **context})
                .encode()
            )
