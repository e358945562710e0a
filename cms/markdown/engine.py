"""The Markdown dialect: CommonMark, plus what research write-ups need.

markdown-it-py in CommonMark mode (raw HTML allowed, then sanitised) with GitHub-style
tables and strikethrough, footnotes, heading ids, math, highlighted code, figures,
task lists and CJK line joining. Chosen over Python-Markdown by measurement
(docs/benchmarks.md, "Markdown engines"). ``attrs`` is deliberately not enabled: a
writer's ``{…}`` would vanish from the text and its classes and ids be stripped anyway.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING

from cms.markdown.limits import MAX_BLOCK_LEVELS

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore

_SLUG_DROPPED_RE = re.compile(r"[^\w\- ]")
_TITLE_TYPES = ("text", "code_inline")


def heading_slug(title: str) -> str:
    """An id for a heading: lower case, spaces to hyphens, letters of any script kept."""
    text = unicodedata.normalize("NFKC", title).strip().lower()
    return _SLUG_DROPPED_RE.sub("", text).replace(" ", "-")


def _heading_ids(state: StateCore) -> None:
    """Give every heading a unique id ("results", "results-1", ...) in linear time."""
    used: set[str] = set()
    next_suffix: dict[str, int] = {}
    for index, token in enumerate(state.tokens):
        if token.type != "heading_open":
            continue
        children = state.tokens[index + 1].children or []
        base = heading_slug("".join(c.content for c in children if c.type in _TITLE_TYPES))
        slug, suffix = base, next_suffix.get(base, 1)
        while slug in used or not slug:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        next_suffix[base] = suffix
        used.add(slug)
        token.attrSet("id", slug)


@functools.cache
def markdown_parser() -> MarkdownIt:
    """The one configured parser. Rendering keeps per-document state in ``env`` only,
    so one instance serves every thread.

    markdown-it-py, its plugins and latex2mathml are imported here, when the first text
    is rendered: the models, the admin and the editor import ``cms.markdown``, so every
    process would load them, and most commands render no Markdown.
    """
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    from cms.markdown.blocks import blocks_plugin
    from cms.markdown.cjk import cjk_plugin
    from cms.markdown.code import code_plugin
    from cms.markdown.math import math_plugin

    md = MarkdownIt("commonmark", {"maxNesting": MAX_BLOCK_LEVELS, "html": True})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.core.ruler.push("heading_ids", _heading_ids)
    md.use(math_plugin)
    md.use(code_plugin)
    md.use(blocks_plugin)
    md.use(cjk_plugin)
    return md
