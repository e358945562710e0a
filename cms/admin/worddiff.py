"""Word-level differences between two texts, as HTML with ``<del>`` and ``<ins>``.

Texts are cut into words (with their inner hyphens, apostrophes and
decimal points), single punctuation marks, runs of white space and single
CJK characters (a Chinese sentence has no spaces, so its characters are its
words), compared
with ``difflib.SequenceMatcher``, and shown inline: nothing is ever cut in
the middle of a word, and the browser wraps lines where it likes. Long
bodies are compared paragraph by paragraph, unchanged paragraphs folded.
"""

import difflib
import re
from collections.abc import Iterator

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
TOKEN = re.compile(rf"\s+|[{CJK}]|(?:(?![{CJK}])\w)+(?:[-'’.](?:(?![{CJK}])\w)+)*|[^\w\s]")


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def word_diff(before: str, after: str) -> SafeString:
    """The change from ``before`` to ``after``: removed words in ``<del>``, added in ``<ins>``."""
    old, new = tokens(before), tokens(after)
    parts = []
    for operation, i1, i2, j1, j2 in grouped(old, new):
        removed, added = "".join(old[i1:i2]), "".join(new[j1:j2])
        if operation == "equal":
            parts.append(escape(added))
            continue
        if removed:
            parts.append(f"<del>{escape(removed)}</del>")
        if added:
            parts.append(f"<ins>{escape(added)}</ins>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


def grouped(old: list[str], new: list[str]) -> list[tuple]:
    """The matcher's opcodes, with changes separated only by white space joined into one
    (``An expert`` → ``A mixture-of-experts`` reads better than two changes)."""
    merged: list[list] = []
    opcodes = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for index, (operation, i1, i2, j1, j2) in enumerate(opcodes):
        between = 0 < index < len(opcodes) - 1 and not "".join(old[i1:i2]).strip()
        if operation == "equal" and between and merged and merged[-1][0] != "equal":
            merged[-1][2], merged[-1][4] = i2, j2
            continue
        if operation != "equal" and merged and merged[-1][0] != "equal":
            merged[-1][2], merged[-1][4] = i2, j2
            continue
        merged.append([operation if operation == "equal" else "replace", i1, i2, j1, j2])
    return [tuple(group) for group in merged]


def paragraphs(text: str) -> list[str]:
    return [block for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if block.strip()]


def aligned_blocks(old: list[str], new: list[str]) -> Iterator[int | tuple]:
    """Both bodies' blocks in reading order: a run of blocks that stayed the same as its
    length, and each changed block as ``(old block or None, new block or None)``, a replaced
    run's blocks paired in order."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            yield i2 - i1
            continue
        for offset in range(max(i2 - i1, j2 - j1)):
            yield (
                old[i1 + offset] if i1 + offset < i2 else None,
                new[j1 + offset] if j1 + offset < j2 else None,
            )


def paragraph_diff(before: str, after: str) -> list[dict]:
    """The body's blocks in order: ``{"html": ...}`` for a changed paragraph (word diff),
    ``{"unchanged": n}`` for a run of n paragraphs that stayed the same."""
    return [
        {"unchanged": block}
        if isinstance(block, int)
        else {"html": word_diff(block[0] or "", block[1] or "")}
        for block in aligned_blocks(paragraphs(before), paragraphs(after))
    ]
