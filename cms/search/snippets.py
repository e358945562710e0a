"""Highlighted titles and snippets, built from escaped text so they are safe HTML.

Neither FTS5's ``snippet()`` nor PostgreSQL's ``ts_headline`` can mark
Chinese words here: both work on the index's own tokens, which for Chinese
are bigrams. So the two backends share this one function, which finds the
reader's terms in the original text. Every piece of text is escaped and only
the ``<mark>`` elements we add are markup: an entry's text, or a query,
holding ``<script>`` comes out as text.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from cms.search.query import Query

SNIPPET_LENGTH = 220
CONTEXT_BEFORE = 60
# Longer texts are cut before matching: a snippet never needs more.
MAX_SCANNED = 50_000
ENGLISH_SUFFIXES = ("ing", "ed", "es", "s")


def stem(word: str) -> str:
    """A rough English stem, so "networks" also marks "network" (the index stems too)."""
    for suffix in ENGLISH_SUFFIXES:
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def term_pattern(query: Query) -> re.Pattern | None:
    """One regular expression for every term: CJK text as typed, words by their stem."""
    alternatives = []
    for term in query.terms:
        if term.cjk:
            alternatives.append(re.escape(term.text))
        else:
            words = [re.escape(stem(token)) + r"[^\W_]*" for token in term.tokens]
            alternatives.append(r"(?<![^\W_])" + r"[\W_]+".join(words))
    if not alternatives:
        return None
    alternatives.sort(key=len, reverse=True)
    return re.compile("|".join(alternatives), re.IGNORECASE)


def mark(text: str, pattern: re.Pattern | None) -> SafeString:
    """``text`` escaped, with every match of ``pattern`` in ``<mark>``."""
    if pattern is None:
        return escape(text)
    pieces = []
    position = 0
    for match in pattern.finditer(text):
        if match.end() == match.start():
            continue
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


def highlight(text: str, query: Query) -> SafeString:
    return mark(text, term_pattern(query))


def snippet(texts: list[str], query: Query, length: int = SNIPPET_LENGTH) -> SafeString:
    """About ``length`` characters around the first match in the first text that has one.

    Without a match anywhere (the entry matched by its title or topics), the
    start of the first non-empty text.
    """
    pattern = term_pattern(query)
    texts = [text[:MAX_SCANNED] for text in texts if text]
    if not texts:
        return mark_safe("")
    chosen, start = texts[0], 0
    if pattern is not None:
        for text in texts:
            found = pattern.search(text)
            if found:
                chosen, start = text, max(0, found.start() - CONTEXT_BEFORE)
                break
    start = word_boundary(chosen, start, backwards=True)
    end = word_boundary(chosen, min(len(chosen), start + length), backwards=False)
    window = chosen[start:end].strip()
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(chosen) else ""
    return mark_safe(prefix + mark(window, pattern) + suffix)


def word_boundary(text: str, index: int, *, backwards: bool, reach: int = 20) -> int:
    """Move ``index`` to a nearby space so Latin words are not cut; CJK text has none."""
    if index <= 0 or index >= len(text):
        return index
    if backwards:
        space = text.rfind(" ", max(0, index - reach), index)
        return space + 1 if space != -1 else index
    space = text.find(" ", index, index + reach)
    return space if space != -1 else index
