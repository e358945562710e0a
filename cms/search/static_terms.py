"""The static copy's search terms: the live index's tokens, so both searches agree.

Pagefind's own analysis differs from the live index's: it segments Chinese into
dictionary words (注意力 is not found in 注意力机制), stems English with Porter2 and
matches the last word of a query as a prefix ("graph" finds "graphene"). So the static
index does not search Pagefind's words at all. Each entry carries, as Pagefind filter
values, the tokens the live index matches: every CJK character and character bigram,
and every other word lower-cased, without diacritics and stemmed with the Porter
algorithm (SQLite FTS5's ``porter`` tokenizer). ``static/cms/search.js`` turns a query
into the same tokens (``static/cms/stem.js`` is the same Porter algorithm) and asks
Pagefind for the entries that carry all of them.

Filter values are spread over ``BUCKETS`` filters by a hash of the token, so the browser
loads only the few filter files a query needs, not the whole vocabulary.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import snowballstemmer

from cms.search.text import TOKEN

BUCKETS = 32
_STEMMER = snowballstemmer.stemmer("porter")


def bucket(token: str) -> str:
    """The filter that holds ``token``: FNV-1a (32 bit) of its UTF-8 bytes, as in search.js."""
    value = 0x811C9DC5
    for byte in token.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"t{value % BUCKETS:02d}"


def fold(word: str) -> str:
    """Lower case without diacritics, as SQLite's unicode61 tokenizer folds words."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def word_token(word: str) -> str:
    return _STEMMER.stemWord(fold(word))


def static_tokens(texts: Iterable[str]) -> set[str]:
    """Every token a query may need: CJK characters and bigrams, stemmed words."""
    tokens: set[str] = set()
    for text in texts:
        for match in TOKEN.finditer(text):
            run = match.group("cjk")
            if run:
                tokens.update(run)
                tokens.update(run[index : index + 2] for index in range(len(run) - 1))
            else:
                tokens.add(word_token(match.group("word")))
    return tokens


def token_filters(texts: Iterable[str]) -> dict[str, list[str]]:
    """The tokens of ``texts`` grouped into their bucket filters."""
    filters: dict[str, list[str]] = {}
    for token in sorted(static_tokens(texts)):
        filters.setdefault(bucket(token), []).append(token)
    return filters
