"""Template helpers for names, links and the translation line."""

import functools
import json
from datetime import datetime

from django import template
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from cms.absolute import absolute_url as build_absolute_url
from cms.languages import language_name as get_language_name
from cms.provenance import provenance_line
from cms.public_urls import author_path, public_path
from cms.structured_data import entry_json_ld as build_entry_json_ld

register = template.Library()

CJK_LANGUAGE_PREFIXES = ("zh", "ja", "ko")
CARD_TEMPLATE = "cms/_entry_card.html"


@register.filter
def absolute_url(path: str) -> str:
    return build_absolute_url(path)


@register.filter
def machine_time(moment: datetime | None) -> str:
    """An ISO 8601 time to the second, as ``<time datetime>`` and Open Graph accept.

    Django's ``date:"c"`` keeps microseconds, and the HTML standard allows at
    most three digits of a fraction of a second.
    """
    if moment is None:
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.replace(microsecond=0).isoformat()


@register.filter
def topic_name(topic, language: str | None = None) -> str:
    return topic.name_in(language)


@register.filter
def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


@register.filter
def language_name(code: str) -> str:
    return get_language_name(code)


@register.simple_tag
def author_url(user, entry=None) -> str:
    """The author page of ``entry``'s byline ``user``, or "" when there is none to link to."""
    language = entry.language if entry is not None else get_language()
    return author_path(user, language, credited_on=entry) or ""


@register.simple_tag
def public_url(name: str, language: str | None = None, **kwargs) -> str:
    """``{% url %}`` for the public site's routes (``cms.public_urls``): ``name`` without the
    ``cms:`` namespace, in ``language`` (default: the page's)."""
    return public_path(f"cms:{name}", language, **kwargs)


@register.simple_tag
def translation_line(entry) -> str:
    """Who or what translated the entry, in the reader's language (``cms.provenance``)."""
    return cjk_spaced(provenance_line(entry, get_language()))


@register.filter(is_safe=True)
def cjk_spaced(text: str) -> str:
    """On Chinese, Japanese and Korean pages, a space between CJK and Latin letters or digits.

    pangu's rule ("阅读English原文" → "阅读 English 原文"), for interface strings that
    put a Latin name or number into a CJK sentence. It only inserts spaces, so escaped
    text stays escaped. pangu is imported on the first CJK page, not with this library:
    its import compiles many patterns, and Django imports every tag library in any
    process that renders a template or runs the system checks.
    """
    if not (get_language() or "").startswith(CJK_LANGUAGE_PREFIXES):
        return text
    spaced = pangu_spaced(str.__str__(str(text)))
    return mark_safe(spaced) if isinstance(text, SafeString) else spaced


@functools.lru_cache(maxsize=4096)
def pangu_spaced(text: str) -> str:
    """pangu's spacing of a plain ``str``, worked out once per distinct text.

    A pure function of its argument, and pages repeat a few dozen lines (the
    provenance line, "Read in …") thousands of times. The key is an exact
    ``str``: pangu may return its argument itself, and a cached ``SafeString``
    must never be handed back for plain text that still needs escaping.
    """
    import pangu

    return pangu.space_text(text)


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""


JSON_SCRIPT_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


@register.simple_tag(takes_context=True)
def entry_json_ld(context, entry):
    """A ``<script type="application/ld+json">`` block that no title can break out of."""
    data = build_entry_json_ld(entry, context.get("site_name", ""))
    return format_html('<script type="application/ld+json">{}</script>', script_json(data))


def script_json(data) -> SafeString:
    """``data`` as JSON that is safe inside ``<script>``: ``<``, ``>`` and ``&`` as escapes.

    Three ``str.replace`` calls: ``str.translate`` with a mapping is dozens of times
    slower on text with non-ASCII letters, and every entry page has this block.
    """
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False)
    for character, escape in JSON_SCRIPT_ESCAPES:
        payload = payload.replace(character, escape)
    return mark_safe(payload)


OG_LOCALES = {
    "en": "en_US",
    "zh-hans": "zh_CN",
    "zh-hant": "zh_TW",
    "fr": "fr_FR",
    "de": "de_DE",
    "es": "es_ES",
    "ja": "ja_JP",
}


@register.filter
def og_locale(code: str) -> str:
    """OpenGraph wants ``language_TERRITORY``; ``zh-hans`` is read as ``zh_CN``."""
    return OG_LOCALES.get(code, code.replace("-", "_"))


@register.simple_tag(takes_context=True)
def site_part(context, template_name: str) -> str:
    """A part of every page that shows only the language and the site's navigation.

    The export renders it once per language: ``cms.pages.render.SiteContext``
    passes a ``part_cache`` dict for that language. A live page renders it
    each time, from the page's own context.
    """
    cache = context.get("part_cache")
    if cache is not None and template_name in cache:
        return cache[template_name]
    part = render_to_string(template_name, context.flatten())
    if cache is not None:
        cache[template_name] = part
    return part


@register.simple_tag(takes_context=True)
def entry_card(context, entry):
    """The entry's card (``cms/_entry_card.html``) in the active language.

    A card shows only its entry, so a run that renders many lists (the
    export) passes a ``card_cache`` dict in the context and renders each
    card once per language instead of once per list it appears on.
    """
    return cached_card(context.get("card_cache"), entry)


def cached_card(cache: dict | None, entry) -> str:
    """The card of ``entry`` in the active language, from ``cache`` or rendered into it."""
    key = (entry.pk, get_language())
    if cache is not None and key in cache:
        return cache[key]
    card = render_to_string(CARD_TEMPLATE, {"entry": entry})
    if cache is not None:
        cache[key] = card
    return card
