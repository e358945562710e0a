"""TeX to MathML on the server, so formulas need no script (the export, feeds and the CSP).

``$…$`` and ``\\(…\\)`` are inline math, ``$$…$$`` and ``\\[…\\]`` display math. Dollar
signs follow Pandoc's rule (no space inside the delimiters, no digit after the closing
one), so "$5 and $10" stays text. latex2mathml converts; TeX it cannot convert, or whose
commands it does not know, is shown as code and reported to the editor's preview.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.translation import gettext as _
from latex2mathml.converter import convert
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from mdit_py_plugins.dollarmath import dollarmath_plugin

from cms.markdown.notes import add_note

#: Longest formula converted; a longer one is shown as code.
MAX_FORMULA_LENGTH = 2_000
_UNKNOWN_COMMAND_RE = re.compile(r"<mi>(\\[A-Za-z]+)</mi>")
_NAMESPACE = ' xmlns="http://www.w3.org/1998/Math/MathML"'
_BRACKETS = {"(": ")", "[": "]"}


def tex_to_mathml(tex: str, *, display: bool) -> str:
    """MathML for ``tex``; raises ValueError with a reader-facing reason when it cannot."""
    if len(tex) > MAX_FORMULA_LENGTH:
        raise ValueError(
            _("the formula is longer than %(limit)s characters") % {"limit": MAX_FORMULA_LENGTH}
        )
    try:
        mathml = convert(tex, display="block" if display else "inline")
    except RecursionError:
        raise ValueError(_("the formula is nested too deeply")) from None
    except Exception as error:  # latex2mathml raises many kinds for malformed TeX
        reason = type(error).__name__.removesuffix("Error")
        words = re.sub(r"(?<!^)(?=[A-Z])", " ", reason).lower() or "malformed"
        raise ValueError(_("it is not valid TeX (%(reason)s)") % {"reason": words}) from None
    unknown = _UNKNOWN_COMMAND_RE.search(mathml)
    if unknown:
        raise ValueError(_("%(command)s is not a known command") % {"command": unknown.group(1)})
    return mathml.replace(_NAMESPACE, "", 1)


def _render(tex: str, env: dict, *, display: bool) -> str:
    try:
        return tex_to_mathml(tex, display=display)
    except ValueError as error:
        add_note(
            env,
            _("Formula “%(tex)s” is shown as code: %(reason)s.")
            % {"tex": tex[:60], "reason": error},
        )
        delimiter = "$$" if display else "$"
        return f'<code class="language-tex">{escape(delimiter + tex + delimiter)}</code>'


def _bracket_math(state: StateInline, silent: bool) -> bool:
    r"""``\(…\)`` and ``\[…\]`` inside a paragraph (before CommonMark's escapes see them).

    Once a closing delimiter is known to be absent after some position, later openers
    skip the search, so a text full of unclosed ``\(`` stays linear.
    """
    src, pos = state.src, state.pos
    if src[pos] != "\\" or pos + 1 >= state.posMax or src[pos + 1] not in _BRACKETS:
        return False
    closing = "\\" + _BRACKETS[src[pos + 1]]
    missing = state.env.setdefault("_math_missing_after", {})
    if missing.get(closing, state.posMax + 1) <= pos:
        return False
    end = src.find(closing, pos + 2, state.posMax)
    if end == -1:
        missing[closing] = pos
        return False
    if not src[pos + 2 : end].strip():
        return False  # "\(\)" is two escaped parentheses
    if not silent:
        token = state.push(
            "math_inline" if src[pos + 1] == "(" else "math_inline_double", "math", 0
        )
        token.content = src[pos + 2 : end]
        token.markup = src[pos : pos + 2]
    state.pos = end + 2
    return True


def math_plugin(md: MarkdownIt) -> None:
    dollarmath_plugin(
        md, allow_labels=False, allow_space=False, allow_digits=False, double_inline=True
    )
    md.inline.ruler.before("escape", "math_brackets", _bracket_math)

    def inline(self, tokens, idx, options, env):
        return _render(tokens[idx].content, env, display=False)

    def inline_display(self, tokens, idx, options, env):
        return _render(tokens[idx].content, env, display=True)

    def block(self, tokens, idx, options, env):
        mathml = _render(tokens[idx].content.strip(), env, display=True)
        return f'<div class="math-display">{mathml}</div>\n'

    md.add_render_rule("math_inline", inline)
    md.add_render_rule("math_inline_double", inline_display)
    md.add_render_rule("math_block", block)
