"""Whether an entry's summary tells the reader anything its body does not.

Importers fill ``summary`` with the opening of the body (for cards, feeds and
the meta description). Shown above that very body, it reads as the abstract
printed twice, so the entry page shows a summary only when it adds something.
"""

import html

from django.utils.html import strip_tags

_ELLIPSES = ("…", "...")


def _plain(text: str) -> str:
    return " ".join(text.split())


def summary_adds_to_body(summary: str, body_html: str) -> bool:
    """False when the summary is empty or the start of the body's text (cut or not)."""
    wanted = _plain(summary)
    for ellipsis in _ELLIPSES:
        wanted = wanted.removesuffix(ellipsis).rstrip()
    if not wanted:
        return False
    body_text = _plain(html.unescape(strip_tags(body_html)))
    return not body_text.startswith(wanted)
