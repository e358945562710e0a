"""Text analysis shared by every search backend: words, CJK bigrams, plain text from HTML.

Neither SQLite's ``unicode61`` tokenizer nor PostgreSQL's default parser can
split Chinese, which is written without spaces: both see a whole run of Han
characters as one "word", so a two-character query would never match inside
a longer run. Instead of a database-specific segmenter we index every run of
CJK characters as its overlapping character bigrams (the approach of
Lucene's CJK analyzer), plus the run's last character, and turn a CJK query
into the phrase of its bigrams. Both databases then only have to split on
spaces, so they index and match the same tokens.
"""

import html
import re
from collections.abc import Iterator

# Han (with extensions and compatibility ideographs), Hiragana and Katakana.
CJK_CLASS = (
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef\U00030000-\U0003134f"
)
# A token: a run of CJK characters, or a run of other letters and digits.
# Everything else (punctuation, symbols, "_", whitespace) separates tokens.
TOKEN = re.compile(f"(?P<cjk>[{CJK_CLASS}]+)|(?P<word>(?:(?![{CJK_CLASS}])[^\\W_])+)")
TAG = re.compile(r"<[^>]*>")
SPACE = re.compile(r"\s+")
# Between two table cells, or the last cell of a row and the next row's first.
CELL_BREAK = re.compile(
    r"</t[dh]>\s*(?:</tr>\s*(?:</thead>\s*<tbody>\s*)?<tr>\s*)?(?=<t[dh][\s>])", re.IGNORECASE
)
# Tags that end a line of text; any other tag (emphasis, links, highlighted code's spans,
# MathML tokens) sits inside a word and adds no space.
BLOCK_TAG = re.compile(
    r"</?(?:address|blockquote|br|dd|details|div|dl|dt|figcaption|figure|h[1-6]|hr|li|ol|p|"
    r"pre|section|summary|table|tbody|td|tfoot|th|thead|tr|ul)\b[^>]*>|<math display=\"block\"",
    re.IGNORECASE,
)


def bigrams(run: str) -> list[str]:
    """``"蛋白质"`` -> ``["蛋白", "白质"]``; a single character stays itself."""
    if len(run) < 2:
        return [run]
    return [run[index : index + 2] for index in range(len(run) - 1)]


def index_tokens(text: str) -> Iterator[str]:
    """The tokens a document is indexed under.

    A CJK run gives its bigrams and then its last character, so a one-character
    query can still find a character that ends a run (as a prefix of a token).
    """
    for match in TOKEN.finditer(text):
        if match.group("cjk"):
            run = match.group("cjk")
            yield from bigrams(run)
            if len(run) > 1:
                yield run[-1]
        else:
            yield match.group("word")


def index_text(text: str) -> str:
    """``text`` as space-separated index tokens, ready for a whitespace tokenizer."""
    return " ".join(index_tokens(text))


def html_to_text(markup: str) -> str:
    """Visible text of our own sanitised HTML (``body_html``), on one line.

    Blocks are separated by a space and table cells by " · ", so a snippet never runs
    two cells or paragraphs together; inline markup adds nothing, so "**模型**：" stays
    "模型：" and highlighted code reads as it was written.
    """
    text = CELL_BREAK.sub(" · ", markup)
    text = TAG.sub("", BLOCK_TAG.sub(" ", text))
    return SPACE.sub(" ", html.unescape(text)).strip()
