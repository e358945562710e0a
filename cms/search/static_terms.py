"""The static copy's search terms: the live index's tokens, so both searches agree.

Pagefind's own analysis differs from the live index's: it segments Chinese into
dictionary words (注意力 is not found in 注意力机制), stems English with Porter2 and
matches the last word of a query as a prefix ("graph" finds "graphene"). So the static
index does not search the text's words. Each entry's document also carries, as words,
the tokens the live index matches: every CJK character and character bigram, and every
other word lower-cased, without diacritics and stemmed with the Porter algorithm
(SQLite FTS5's ``porter`` tokenizer). Each token is written as an opaque word of fixed
length (``token_word``): lower-case letters only (Pagefind splits words where letters
meet digits), and only letters that no English stemming rule removes (h, j, k, p, q, w,
x), so Pagefind keeps it whole; all are as long, so no prefix match confuses two.
``static/cms/search-text.js`` turns a query into the same words (``stem.js`` is the same
Porter algorithm) and asks Pagefind for the entries that contain all of them.

Words, not Pagefind filters: Pagefind writes the values of a filter in a different
order on every run, so an index of many filter values would change the bundle's files
at every export, and every publish would upload them again.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable

from cms.search.text import TOKEN

#: Two FNV-1a offset bases: a token's word is both 32-bit hashes of its UTF-8 bytes.
_OFFSET_BASES = (0x811C9DC5, 0x050C5D1F)
#: The word's alphabet: letters that appear in no suffix an English stemmer removes.
_LETTERS = "hjkpqwx"
_LETTERS_PER_HASH = 12  # 7 ** 12 > 2 ** 32


def _fnv1a(data: bytes, value: int) -> int:
    for byte in data:
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def _letters(value: int) -> str:
    digits = []
    for _ in range(_LETTERS_PER_HASH):
        value, digit = divmod(value, len(_LETTERS))
        digits.append(_LETTERS[digit])
    return "".join(reversed(digits))


def token_word(token: str) -> str:
    """The word that stands for ``token`` in the static index (as search-text.js writes it)."""
    data = token.encode("utf-8")
    return "x" + "".join(_letters(_fnv1a(data, base)) for base in _OFFSET_BASES)


def fold(word: str) -> str:
    """Lower case without diacritics, as SQLite's unicode61 tokenizer folds words."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@functools.cache
def _porter_stemmer():
    """The Porter stemmer, made on first use: ``import snowballstemmer`` loads all its
    languages' stemmers, and every export imports this module, searched or not."""
    import snowballstemmer

    return snowballstemmer.stemmer("porter")


def word_token(word: str) -> str:
    return _porter_stemmer().stemWord(fold(word))


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


def token_words(texts: Iterable[str]) -> list[str]:
    """The words that stand for every token of ``texts``, sorted."""
    return sorted({token_word(token) for token in static_tokens(texts)})
