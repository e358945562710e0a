"""What the renderer refuses, with a message that says what to fix.

markdown-it-py parses in linear time, but some constructs cost far more than others
(an unmatched ``[`` is tried as a link label, a list item opens several blocks), so a
text is refused when its length or its weighted count of such constructs would take
longer than about a second to render. Its block parser also stops, dropping the rest of
the text, at its nesting limit; a text nested that deeply is refused instead.
"""

from __future__ import annotations

import re

from cms.exceptions import MarkdownError

#: Longest accepted text, in characters.
MAX_MARKDOWN_LENGTH = 200_000
#: Deepest nesting of blocks in markdown-it's levels; each list or quote level uses two.
MAX_BLOCK_LEVELS = 50
#: Deepest nesting of lists and block quotes a writer may use.
MAX_NESTING_DEPTH = MAX_BLOCK_LEVELS // 2 - 1
#: The weighted count of costly constructs a text may hold (see _WEIGHTS).
MAX_ELEMENTS = 40_000

# What each construct costs relative to an inline mark; measured by ``bench_markdown``.
_OPEN_BRACKET_RE = re.compile(r"\[")
_LINE_START_RE = re.compile(r"\n[ \t>]*(?:[-+*]|\d{1,9}[.)])?")
_MATH_DELIMITER_RE = re.compile(r"\$|\\[(\[]")
_INLINE_MARK_RE = re.compile(r"[*_`~<&\\|]")
_WEIGHTS = (
    (_OPEN_BRACKET_RE, 10, "'[' (links, images, footnotes)"),
    (_MATH_DELIMITER_RE, 8, "formula delimiters"),
    (_LINE_START_RE, 3, "lines"),
    (_INLINE_MARK_RE, 1, "formatting marks"),
)


def check_text(text: str) -> None:
    """Raise MarkdownError if ``text`` is too long or would be too costly to render."""
    if not isinstance(text, str):
        raise TypeError(f"Markdown must be a str, not {type(text).__name__}")
    if len(text) > MAX_MARKDOWN_LENGTH:
        raise MarkdownError(
            f"The text is {len(text):,} characters long; the limit is {MAX_MARKDOWN_LENGTH:,}."
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise MarkdownError(
            f"The text contains an invalid character (U+{ord(text[error.start]):04X}, an "
            f"unpaired surrogate) at position {error.start + 1:,}; remove it."
        ) from None
    counts = [(len(pattern.findall(text)), weight, name) for pattern, weight, name in _WEIGHTS]
    total = sum(count * weight for count, weight, _name in counts)
    if total > MAX_ELEMENTS:
        heaviest = max(counts, key=lambda item: item[0] * item[1])
        raise MarkdownError(
            f"The text has too many Markdown elements to render quickly (most of them "
            f"{heaviest[2]}: {heaviest[0]:,}); split it into several pages."
        )


def check_nesting(tokens) -> None:
    """Refuse a text that reached the block parser's nesting limit (it drops the rest)."""
    if any(token.nesting == 1 and token.level + 1 >= MAX_BLOCK_LEVELS for token in tokens):
        raise MarkdownError(
            f"Lists or block quotes are nested more than {MAX_NESTING_DEPTH} levels deep; "
            "flatten the nesting."
        )
