"""The site's languages, read from settings every time so tests can override them."""

from django.conf import settings
from django.utils.translation import get_language_info


def language_choices() -> list[tuple[str, str]]:
    """Choices for model fields: the languages configured in ``CMS_LANGUAGES``."""
    return list(settings.LANGUAGES)


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def default_language() -> str:
    return settings.LANGUAGES[0][0]


def language_name(code: str) -> str:
    """The language's own name for itself ("简体中文"), for switchers and labels."""
    names = dict(settings.LANGUAGES)
    if code in names:
        return names[code]
    return get_language_info(code)["name_local"]
