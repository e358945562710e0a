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
    return not _letters(html.unescape(strip_tags(body_html))).startswith(wanted)
