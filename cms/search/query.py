"""What a reader typed, turned into a small, safe list of terms.

User input never reaches a database as query syntax: it is cut to
``MAX_QUERY_LENGTH`` characters, split with one linear-time regular
expression into letters-and-digits tokens (so quotes, ``*``, ``-``,
parentheses, ``NEAR`` and ``AND`` are plain text or separators), and at most
``MAX_TERMS`` terms are kept. Each backend then writes its own syntax from
these terms, quoting every token itself.
"""

from dataclasses import dataclass, field

from cms.conf import conf
from cms.search.text import TOKEN, bigrams

MAX_TERMS = 12


@dataclass(frozen=True)
class Term:
    """One thing every result must contain.

    ``tokens`` are matched as a phrase (adjacent, in order). A CJK term's
    tokens are the bigrams of what was typed; ``prefix`` is set for a single
    CJK character, which is matched as the start of a bigram. ``text`` is
    what the reader typed, for highlighting.
    """

    text: str
    tokens: tuple[str, ...]
    cjk: bool = False
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[Term, ...] = field(default=())

    def __bool__(self) -> bool:
        return bool(self.terms)


def parse_query(raw: str | None) -> Query:
    """The terms of ``raw``: each whitespace-separated chunk's words form one phrase.

    ``GPT-4`` becomes the phrase ``gpt 4`` and ``2101.00001`` the phrase
    ``2101 00001``, which is how they are indexed; each run of CJK characters
    is a term of its own.
    """
    text = " ".join((raw or "").replace("\x00", " ").split())[: conf.CMS_SEARCH_MAX_QUERY_LENGTH]
    terms: list[Term] = []
    seen: set[tuple[str, ...]] = set()
    for chunk in text.split(" "):
        words: list[str] = []
        for match in TOKEN.finditer(chunk):
            if match.group("word"):
                words.append(match.group("word").lower())
                continue
            if words:
                terms.append(Term(" ".join(words), tuple(words)))
                words = []
            run = match.group("cjk")
            terms.append(Term(run, tuple(bigrams(run)), cjk=True, prefix=len(run) == 1))
        if words:
            terms.append(Term(" ".join(words), tuple(words)))
    unique = []
    for term in terms:
        if term.tokens not in seen:
            seen.add(term.tokens)
            unique.append(term)
    return Query(text, tuple(unique[:MAX_TERMS]))
