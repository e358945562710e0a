"""Which imported Markdown files are one entry and its translations, and who translated them.

Files of one group (same path apart from the language, or the same
``translationKey``) are an original and its translations. A translation
names its translator in its front matter (``translator: Li Wei``, and
``translation: machine`` for an engine), so the original is a file that
names none; among those (or when every file names one) the file in the
site's default language comes first, then one whose language is not marked,
then the first.
"""

from __future__ import annotations

from typing import Any

from cms.exceptions import ImportFailed
from cms.importers.markdown_page import MarkdownFile
from cms.languages import default_language, language_codes
from cms.models import TranslationMethod


def _order_group(files: list[MarkdownFile]) -> list[MarkdownFile]:
    """The group's original first, then the rest; two files in one language are an error."""
    seen: dict[str, str] = {}
    for item in files:
        if item.language in seen:
            raise ImportFailed(
                item.rel,
                f"{seen[item.language]} is the same entry in the same language "
                f"({item.language}); give one of them another name or translationKey.",
            )
        seen[item.language] = item.rel
    order = {code: index for index, code in enumerate(language_codes())}

    def rank(item: MarkdownFile) -> tuple:
        translated = bool(item.translator or item.translation)
        default_first = item.language != default_language()
        return (
            translated,
            default_first,
            item.marked_language,
            order.get(item.language, 99),
            item.rel,
        )

    return sorted(files, key=rank)


def order_groups(pages: list[MarkdownFile]) -> list[list[MarkdownFile]]:
    groups: dict[str, list[MarkdownFile]] = {}
    for item in pages:
        groups.setdefault(item.group, []).append(item)
    return [_order_group(files) for _key, files in sorted(groups.items())]


def translation_fields(item: MarkdownFile, original_id: int | None) -> dict[str, Any]:
    method = item.translation or (TranslationMethod.HUMAN if item.translator else "")
    if method and method not in (TranslationMethod.HUMAN, TranslationMethod.MACHINE):
        raise ImportFailed(
            item.rel, f"front matter field “translation” is {method!r}; use human or machine."
        )
    if original_id is not None and not method:
        method = TranslationMethod.HUMAN
    if method and not item.translator:
        raise ImportFailed(
            item.rel,
            "this file is a translation; say who translated it with “translator: Name” in its "
            "front matter (and “translation: machine” for a machine translation).",
        )
    return {
        "translation_of_id": original_id,
        "translation_method": method or TranslationMethod.ORIGINAL,
        "translator": item.translator,
    }
