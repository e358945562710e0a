"""The one path from Markdown to HTML in Digest CMS.

Writers' Markdown reaches readers through the admin live preview (django-markdownx's
``MARKDOWNX_MARKDOWNIFY_FUNCTION``), the public pages, the JSON API, the feeds and the
importers. Every one of them calls :func:`render_markdown`, so there is exactly one
Markdown configuration (:mod:`cms.markdown.engine`) and exactly one HTML allow-list
(:mod:`cms.markdown.sanitise`) to review. Do not call markdown-it or nh3 anywhere else.

Rendering has three steps: :mod:`cms.markdown.limits` refuses text too long, too costly
or nested too deeply, saying what to fix; markdown-it-py renders; nh3 sanitises last.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from cms.exceptions import MarkdownError
from cms.markdown.engine import markdown_parser
from cms.markdown.limits import (
    MAX_ELEMENTS,
    MAX_MARKDOWN_LENGTH,
    MAX_NESTING_DEPTH,
    check_nesting,
    check_text,
)
from cms.markdown.sanitise import ALLOWED_TAGS, ALLOWED_URL_SCHEMES, sanitise

__all__ = [
    "ALLOWED_TAGS",
    "ALLOWED_URL_SCHEMES",
    "MAX_ELEMENTS",
    "MAX_MARKDOWN_LENGTH",
    "MAX_NESTING_DEPTH",
    "Rendered",
    "render_markdown",
    "render_with_notes",
    "source_blocks",
    "validate_markdown",
]

logger = logging.getLogger(__name__)

# C0 controls other than tab, line feed and carriage return, and DEL: HTML calls them parse
# errors and XML 1.0 (the feeds) cannot carry them at all.
_CONTROL_CHARACTERS_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Rendered:
    """Safe HTML, and the notes for the writer (formulas shown as code, images without alt)."""

    html: str
    notes: list[str] = field(default_factory=list)


def render_with_notes(text: str) -> Rendered:
    """Render Markdown to sanitised HTML, or raise MarkdownError saying what to fix."""
    check_text(text)
    if not text.strip():
        return Rendered("")
    md = markdown_parser()
    env: dict = {}
    try:
        tokens = md.parse(_CONTROL_CHARACTERS_RE.sub("", text), env)
        check_nesting(tokens)
        html = md.renderer.render(tokens, md.options, env)
    except MarkdownError:
        raise
    except RecursionError as error:
        raise MarkdownError(
            "The text is nested too deeply to render (lists, block quotes, links or emphasis "
            "inside one another); flatten the nesting."
        ) from error
    except Exception as error:  # a renderer bug must reach the writer as a message, not a 500
        logger.exception("markdown-it failed on a text of %d characters", len(text))
        raise MarkdownError(
            "The text could not be rendered as Markdown; simplify any unusual markup and try again."
        ) from error
    return Rendered(sanitise(html).strip(), env.get("notes", []))


def source_blocks(text: str) -> list[str]:
    """The Markdown of each top-level block of ``text`` (a paragraph, heading, list, table,
    code block, formula, figure...), in order, as the parser sees them: the revision
    history renders and compares a body block by block. Refused as :func:`render_markdown`
    refuses."""
    check_text(text)
    text = _CONTROL_CHARACTERS_RE.sub("", text).replace("\r\n", "\n")
    if not text.strip():
        return []
    lines = text.split("\n")
    tokens = markdown_parser().parse(text, {})
    return [
        "\n".join(lines[token.map[0] : token.map[1]]).rstrip()
        for token in tokens
        if token.level == 0 and token.nesting != -1 and token.map
    ]


def render_markdown(text: str) -> str:
    """Render Markdown to sanitised HTML, or raise MarkdownError saying what to fix."""
    return render_with_notes(text).html


def validate_markdown(text: str) -> None:
    """Raise MarkdownError exactly when :func:`render_markdown` would: it renders the text."""
    render_with_notes(text)
