"""Language codes as other tools write them (``zh-CN``, ``zh_Hans``, ``en-us``) mapped to ours."""

from __future__ import annotations

from django.conf.locale import LANG_INFO

from cms.languages import language_codes

_ALIASES = {
    "zh": "zh-hans",
    "zh-cn": "zh-hans",
    "zh-sg": "zh-hans",
    "zh-hans-cn": "zh-hans",
    "zh-tw": "zh-hant",
    "zh-hk": "zh-hant",
    "zh-mo": "zh-hant",
    "zh-hant-tw": "zh-hant",
}


def normalise_language(code: str) -> str | None:
    """Our code for a language code, or ``None`` if it is not a language code at all.

    The result may still be a language the site does not have; see ``is_site_language``.
    """
    code = code.strip().lower().replace("_", "-")
    if code in _ALIASES:
        return _ALIASES[code]
    if code in LANG_INFO:
        return code
    base = code.split("-", 1)[0]
    if base != code and base in LANG_INFO:
        return base
    return None


def is_site_language(code: str) -> bool:
    return code in language_codes()


def language_label(code: str) -> str:
    info = LANG_INFO.get(code, {})
    name = info.get("name")
    return f"{name} ({code})" if name else code
