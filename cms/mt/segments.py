"""What of a Markdown text goes to a translation engine, and how the answer is put back.

The text is cut into units an engine translates one by one: a paragraph, a
heading, a list item, a quoted line, a table row. Structure stays out of
what is sent: the ``#``, list and quote markers before a unit are kept
aside, fenced and indented code blocks and display math (``$$``) are not
sent at all, and inside a unit inline code, math (``$…$``, ``\\(…\\)``),
link and image targets, URLs, HTML tags, footnote marks and Hugo shortcodes
become placeholders. Engines are asked to translate HTML (each supports
it), so the text is escaped and each placeholder is an element marked
``translate="no"`` holding only its number; the answer is unescaped and the
numbers replaced by what they stood for, exactly as written. A unit whose
answer lost or repeated a placeholder keeps its source text (and is
reported), so code, math and URLs are never changed by an engine.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
DISPLAY_MATH = re.compile(r"^\s*\$\$")
BLOCK_HTML = re.compile(r"^\s*<(?:/?[A-Za-z][\w-]*|!--)")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
PREFIX = re.compile(
    r"^(\s*(?:>\s?)*(?:#{1,6}\s+|[-*+]\s+(?:\[[ xX]\]\s+)?|\d{1,9}[.)]\s+|\[\^[^\]]+\]:\s*)?)"
)
LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S")
# Inline pieces sent as placeholders, first match wins at each position.
PROTECTED = re.compile(
    r"(?P<code>(`+)[\s\S]*?\2)"
    r"|(?P<math>\$\$[\s\S]+?\$\$|(?<![\\$\w])\$(?=\S)[^$\n]*?\S\$(?![\w$])"
    r"|\\\([\s\S]+?\\\)|\\\[[\s\S]+?\\\])"
    r"|(?P<shortcode>\{\{[<%][\s\S]*?[%>]\}\})"
    r"|(?P<target>\]\([^)\s]*(?:\s+\"[^\"]*\")?\)|\]\[[^\]]*\])"
    r"|(?P<footnote>\[\^[^\]]+\])"
    r"|(?P<autolink><(?:https?|mailto):[^>\s]+>)"
    r"|(?P<html></?[A-Za-z][^>]*>|<!--[\s\S]*?-->)"
    r"|(?P<url>\bhttps?://[^\s<>()\]]+[^\s<>()\].,;:!?'\"])"
    r"|(?P<entity>&[#\w]+;)"
)
PLACEHOLDER = '<span translate="no">{}</span>'
ANSWERED_PLACEHOLDER = re.compile(r"<span\b[^>]*>\s*(\d+)\s*</span>")


@dataclass
class Unit:
    """One piece sent to the engine: the escaped text with placeholders, and what they hold."""

    source: str  # the text as written (kept if the answer cannot be used)
    sent: str  # what the engine gets
    kept: list[str] = field(default_factory=list)  # placeholder n stands for kept[n]

    def rebuild(self, answer: str) -> str | None:
        """The translation with every placeholder put back; ``None`` if one is lost or repeated."""
        found = [int(number) for number in ANSWERED_PLACEHOLDER.findall(answer)]
        if sorted(found) != list(range(len(self.kept))):
            return None
        pieces = ANSWERED_PLACEHOLDER.split(answer)
        out = []
        for index, piece in enumerate(pieces):
            out.append(self.kept[int(piece)] if index % 2 else html.unescape(piece))
        return "".join(out)


def protect(text: str) -> Unit:
    """``text`` as a unit: escaped, with its protected inline pieces as placeholders."""
    kept: list[str] = []
    sent: list[str] = []
    position = 0
    for match in PROTECTED.finditer(text):
        sent.append(html.escape(text[position : match.start()], quote=False))
        sent.append(PLACEHOLDER.format(len(kept)))
        kept.append(match.group(0))
        position = match.end()
    sent.append(html.escape(text[position:], quote=False))
    return Unit(source=text, sent="".join(sent), kept=kept)


def has_words(text: str) -> bool:
    return any(character.isalpha() for character in text)


@dataclass
class Document:
    """A Markdown text as kept lines and units; ``assemble`` gives the translated text."""

    parts: list[str | tuple[str, Unit, str]]  # kept text, or (prefix, unit, suffix)

    @property
    def units(self) -> list[Unit]:
        return [part[1] for part in self.parts if isinstance(part, tuple)]

    def assemble(self, answers: list[str | None]) -> str:
        """The text with each unit replaced by its answer (or its source when None)."""
        answers_iter = iter(answers)
        out = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
            else:
                prefix, unit, suffix = part
                answer = next(answers_iter)
                out.append(prefix + (unit.source if answer is None else answer) + suffix)
        return "".join(out)


def split_markdown(text: str) -> Document:
    """Cut a Markdown body into kept lines and translatable units (see the module docstring)."""
    parts: list[str | tuple[str, Unit, str]] = []
    lines = text.splitlines(keepends=True)
    index = 0
    fence: str | None = None
    previous_blank = True
    while index < len(lines):
        line = lines[index]
        bare = line.rstrip("\r\n")
        ending = line[len(bare) :]
        if fence is not None:
            parts.append(line)
            if bare.strip().startswith(fence):
                fence = None
            index += 1
            continue
        opened = FENCE.match(bare)
        if opened:
            fence = opened.group(2)[0] * 3
            parts.append(line)
            index += 1
            continue
        if DISPLAY_MATH.match(bare):
            closing = index if bare.strip().endswith("$$") and len(bare.strip()) > 2 else None
            end = closing if closing is not None else index + 1
            while closing is None and end < len(lines) and "$$" not in lines[end]:
                end += 1
            parts.extend(lines[index : end + 1])
            index = end + 1
            previous_blank = False
            continue
        if BLOCK_HTML.match(bare):  # an HTML block runs to the next blank line
            while index < len(lines) and lines[index].strip():
                parts.append(lines[index])
                index += 1
            continue
        indented_code = previous_blank and (bare.startswith("    ") or bare.startswith("\t"))
        if (
            not bare.strip()
            or indented_code
            or TABLE_RULE.match(bare)
            or LINK_DEFINITION.match(bare)
            and not bare.lstrip().startswith("[^")
            or not has_words(bare)
        ):
            parts.append(line)
            previous_blank = not bare.strip() or (indented_code and previous_blank)
            index += 1
            continue
        prefix = PREFIX.match(bare).group(1)
        body = bare[len(prefix) :]
        if "|" in body and bare.strip().startswith("|"):
            parts.extend(_table_row(bare, ending))
        else:
            parts.append((prefix, protect(body), ending))
        previous_blank = False
        index += 1
    return Document(parts)


def _table_row(row: str, ending: str) -> list[str | tuple[str, Unit, str]]:
    """A table row's cells as units, the pipes and padding kept."""
    parts: list[str | tuple[str, Unit, str]] = []
    cells = re.split(r"(?<!\\)(\|)", row)
    for cell in cells:
        if cell == "|" or not has_words(cell):
            parts.append(cell)
            continue
        stripped = cell.strip()
        start = cell.index(stripped)
        parts.append((cell[:start], protect(stripped), cell[start + len(stripped) :]))
    parts.append(ending)
    return parts


def split_plain(text: str) -> Document:
    """A one-line text (a title, a summary) as one unit, or nothing to send if it has no words."""
    if not has_words(text):
        return Document([text])
    return Document([("", protect(text), "")])
