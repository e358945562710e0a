"""Fenced code highlighted by Pygments, as classes only (the site's CSP forbids inline styles).

The colours live in one stylesheet, ``cms/code.css`` (light and dark), written from the
same Pygments styles by :func:`stylesheet`. A block names its language above the code.
"""

from __future__ import annotations

from django.utils.html import escape
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

#: Longest block highlighted; longer code is shown plain (Pygments' regexes are not all
#: linear on hostile input).
MAX_HIGHLIGHTED_LENGTH = 20_000
LIGHT_STYLE = "default"  # its colours meet WCAG AA contrast on its background
DARK_STYLE = "github-dark"

_FORMATTER = HtmlFormatter(nowrap=True, classprefix="")


def _lexer(language: str):
    if not language:
        return None
    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


def render_code_block(code: str, info: str) -> str:
    """``<figure>`` with the language's name as caption and the highlighted ``<pre>``."""
    language = info.split(maxsplit=1)[0] if info.strip() else ""
    lexer = _lexer(language)
    if lexer is not None and len(code) <= MAX_HIGHLIGHTED_LENGTH:
        body = highlight(code, lexer, _FORMATTER)
    else:
        body = escape(code)
    code_class = f' class="language-{escape(language)}"' if language else ""
    pre = f"<pre><code{code_class}>{body}</code></pre>"
    if not language:
        return pre + "\n"
    name = lexer.name if lexer is not None else language
    return (
        f'<figure class="code-block"><figcaption class="code-language">{escape(name)}'
        f"</figcaption>{pre}</figure>\n"
    )


def code_plugin(md: MarkdownIt) -> None:
    def fence(self, tokens, idx, options, env):
        token = tokens[idx]
        return render_code_block(token.content, md.utils.unescapeAll(token.info).strip())

    md.add_render_rule("fence", fence)


def stylesheet() -> str:
    """The CSS for highlighted code: the light style, and the dark one for dark schemes."""
    light, dark = (
        "\n".join(
            HtmlFormatter(style=name, classprefix="").get_background_style_defs(".prose pre")
            + HtmlFormatter(style=name, classprefix="").get_token_style_defs(".prose pre")
        )
        for name in (LIGHT_STYLE, DARK_STYLE)
    )
    indented = "\n".join(f"  {line}" for line in dark.splitlines())
    return (
        "/* Written by cms.markdown.code.stylesheet(); regenerate rather than edit. */\n"
        f"{light}\n@media (prefers-color-scheme: dark) {{\n{indented}\n}}\n"
    )
