"""The translation desk: what needs translating, what changed in an original, paragraph pairs.

- ``needs_translation(language)``: public originals with no version in
  ``language`` (to translate), and translations in it whose original's text
  changed after they were made (to bring up to date).
- ``original_changes(translation)``: the original's title, summary and body
  as they were at the version the translation was made from, against now;
  empty when the text is the same (a status change or a paper edit does not
  make a translation outdated).
- ``blocks`` / ``paragraph_pairs``: Markdown cut at blank lines (a fenced
  code block or display math is one block), so the desk shows each of the
  original's paragraphs beside the translation's, and ``join_blocks`` puts
  the edited paragraphs back together.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from itertools import zip_longest

from django.db.models import F, Q
from django.utils.translation import gettext as _

from cms.markdown import render_markdown
from cms.models import Entry

TEXT_FIELDS = ("title", "summary", "body")
FENCE = re.compile(r"^\s*(`{3,}|~{3,}|\$\$)")


def blocks(markdown: str) -> list[str]:
    """``markdown`` cut at blank lines; fenced code and ``$$`` math stay whole."""
    result: list[str] = []
    current: list[str] = []
    fence: str | None = None
    for line in markdown.replace("\r\n", "\n").split("\n"):
        opened = FENCE.match(line)
        if fence is None and opened:
            fence = opened.group(1)[:3]
            if fence == "$$" and line.strip().endswith("$$") and len(line.strip()) > 2:
                fence = None
        elif fence is not None and line.strip().startswith(fence):
            fence = None
            current.append(line)
            continue
        if fence is None and not line.strip():
            if current:
                result.append("\n".join(current))
                current = []
            continue
        current.append(line)
    if current:
        result.append("\n".join(current))
    return result


def join_blocks(parts: list[str]) -> str:
    """The body from its paragraphs; empty ones are dropped."""
    kept = [part.strip("\n") for part in parts if part.strip()]
    return "\n\n".join(kept) + ("\n" if kept else "")


@dataclass
class Pair:
    number: int
    source: str  # the original's paragraph as written
    rendered: str  # and as readers see it (sanitised HTML)
    translation: str

    @property
    def rows(self) -> int:
        """Textarea rows: the longer text's lines (about 60 characters each), 3 to 20."""
        text = max(self.source, self.translation, key=len)
        lines = sum(1 + len(line) // 60 for line in text.splitlines() or [""])
        return max(3, min(20, lines + 1))


def paragraph_pairs(original_body: str, translation_body: str) -> list[Pair]:
    """The original's paragraphs beside the translation's, in order (the longer sets the count)."""
    pairs = []
    for number, (source, translated) in enumerate(
        zip_longest(blocks(original_body), blocks(translation_body), fillvalue=""), start=1
    ):
        pairs.append(Pair(number, source, render_markdown(source) if source else "", translated))
    return pairs


def translated_from(translation: Entry):
    """The original's revision the translation was made from, or ``None`` if not recorded."""
    if translation.translated_from_version is None or translation.translation_of_id is None:
        return None
    return (
        Entry.history.filter(
            id=translation.translation_of_id, version=translation.translated_from_version
        )
        .order_by("-history_id")
        .first()
    )


def original_changes(translation: Entry) -> list[dict]:
    """Per text field of the original that changed since the translation: an HTML diff."""
    before = translated_from(translation)
    original = translation.translation_of
    if before is None or original is None:
        return []
    changes = []
    for name in TEXT_FIELDS:
        old, new = getattr(before, name) or "", getattr(original, name) or ""
        if old == new:
            continue
        table = difflib.HtmlDiff(wrapcolumn=70).make_table(
            old.splitlines(),
            new.splitlines(),
            fromdesc=_("Translated from (version %(version)s)") % {"version": before.version},
            todesc=_("Now (version %(version)s)") % {"version": original.version},
            context=name == "body",
            numlines=2,
        )
        label = str(Entry._meta.get_field(name).verbose_name)
        changes.append({"field": label, "table": table})
    return changes


def is_outdated(translation: Entry) -> bool:
    return bool(original_changes(translation))


def outdated_translations(language: str) -> list[Entry]:
    """Translations in ``language`` whose original's text changed after they were made."""
    candidates = (
        Entry.objects.filter(language=language, translation_of__isnull=False)
        .filter(translated_from_version__lt=F("translation_of__version"))
        .select_related("translation_of")
        .order_by("-translation_of__publish_at")
    )
    return [entry for entry in candidates if is_outdated(entry)]


def untranslated_originals(language: str):
    """Public originals with no version in ``language`` (in any state)."""
    return (
        Entry.objects.published()
        .filter(translation_of__isnull=True)
        .exclude(language=language)
        .exclude(Q(translations__language=language))
        .order_by("-publish_at", "-id")
    )
