"""Chinese, Japanese and Korean text: a source line break between two CJK characters is no space.

Writers wrap long paragraphs in the source. Browsers turn each soft line break into a
space, which splits Chinese words and follows punctuation ("卷积。 它的"). Here a soft
break between two CJK characters (ideographs, kana, hangul, CJK punctuation and
full-width forms) renders as nothing; between anything else it stays a line break.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

CJK_CHARACTER_RE = re.compile(
    "[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3200-\u33ff\u3400-\u4dbf"
    "\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
    "\U00020000-\U0002fa1f]"
)
_TEXT_TYPES = ("text", "code_inline")


def _neighbour_text(tokens, index: int, step: int) -> str:
    index += step
    while 0 <= index < len(tokens):
        token = tokens[index]
        if token.type in _TEXT_TYPES and token.content:
            return token.content
        if token.type in ("softbreak", "hardbreak", "image", "math_inline", "html_inline"):
            return ""
        index += step
    return ""


def joins_cjk(tokens, index: int) -> bool:
    """True when the soft break at ``index`` sits between two CJK characters."""
    before = _neighbour_text(tokens, index, -1)[-1:]
    after = _neighbour_text(tokens, index, 1)[:1]
    return bool(
        before and after and CJK_CHARACTER_RE.match(before) and CJK_CHARACTER_RE.match(after)
    )


def cjk_plugin(md: MarkdownIt) -> None:
    def softbreak(self, tokens, idx, options, env):
        return "" if joins_cjk(tokens, idx) else "\n"

    md.add_render_rule("softbreak", softbreak)
