"""Whether an entry's summary tells the reader anything its body does not.

Importers fill ``summary`` with the opening of the body (for cards, feeds and
the meta description). Shown above that very body, it reads as the abstract
printed twice, so the entry page shows a summary only when it adds something.
"""

import html
import re

from django.utils.html import strip_tags

_ELLIPSES = ("…", "...")
_NOT_WORD_RE = re.compile(r"[\W_]+")
_RAW_TEXT_NAMES = "script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext"
_TAG = (
    r"<(?:/[a-zA-Z][a-zA-Z0-9]*\s*"
    rf"|(?!(?i:{_RAW_TEXT_NAMES})\b)[a-zA-Z][a-zA-Z0-9]*"
    r"""(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+))?)*"""
    r"\s*/?)>"
)
_TAG_RE = re.compile(_TAG)
_PLAIN_HTML_RE = re.compile(
    rf"(?:[^<>&]++|&(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);|{_TAG})*+"
)


def _letters(text: str) -> str:
    """Letters and digits only: markup, escapes, TeX delimiters and spacing set aside."""
    return _NOT_WORD_RE.sub("", text).casefold()


def summary_adds_to_body(summary: str, body: str, body_html: str) -> bool:
    """False when the summary is empty or the start of the body (cut or not).

    The start is compared in letters and digits, with the Markdown source and with
    the rendered text, so "$6\\times$" in a summary still matches a formula in the body.
    """
    wanted = summary.strip()
    for ellipsis in _ELLIPSES:
        wanted = wanted.removesuffix(ellipsis).rstrip()
    wanted = _letters(wanted)
    if not wanted:
        return False
    if _letters(body).startswith(wanted):
        return False
    return not _letters(html.unescape(html_text(body_html))).startswith(wanted)


def html_text(body_html: str) -> str:
    """``strip_tags(body_html)``, by one regular expression when the HTML is plain.

    Django's ``strip_tags`` feeds the whole body through ``HTMLParser`` (pure
    Python), about a tenth of an entry page. On plain HTML, where every ``<``
    opens a complete tag with quoted or simple attributes, no tag holds raw
    text (script, style…), and every ``&`` starts an entity ended by ``;``,
    the parser keeps the text and the entities exactly as written and drops
    the tags, so deleting the tags gives the same string; anything else goes
    to ``strip_tags`` itself.
    """
    if _PLAIN_HTML_RE.fullmatch(body_html):
        return _TAG_RE.sub("", body_html)
    return strip_tags(body_html)
