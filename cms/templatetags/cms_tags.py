"""Template helpers for names, links and the translation line."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext

from cms.absolute import absolute_url as build_absolute_url
from cms.languages import language_name as get_language_name
from cms.models import TranslationMethod

register = template.Library()


@register.filter
def absolute_url(path: str) -> str:
    return build_absolute_url(path)


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
def author_url(user) -> str:
    """The author page, or "" for a username that cannot be a URL."""
    try:
        return reverse("cms:author-detail", kwargs={"username": user.get_username()})
    except NoReverseMatch:
        return ""


@register.simple_tag
def translation_line(entry) -> str:
    """Who or what translated the entry, in the reader's language."""
    if entry.translation_method == TranslationMethod.MACHINE:
        return gettext("Machine translation by %(translator)s") % {"translator": entry.translator}
    if entry.translation_method == TranslationMethod.HUMAN:
        return gettext("Translated by %(translator)s") % {"translator": entry.translator}
    return ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if mapping else ""
