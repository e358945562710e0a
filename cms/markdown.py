"""The one path from Markdown to HTML in Digest CMS.

Writers' Markdown reaches readers through the admin live preview (django-markdownx's
``MARKDOWNX_MARKDOWNIFY_FUNCTION``), the public pages, the JSON API and the importers. Every
one of them calls :func:`render_markdown`, so there is exactly one Markdown configuration and
exactly one HTML allow-list to review. Do not call Python-Markdown or nh3 anywhere else.

Rendering has three steps:

1. :func:`validate_markdown` refuses text that is too long, or shaped so that Python-Markdown
   3.x (or nh3) needs super-linear time or deep recursion: unclosed ``[`` brackets, unclosed
   ``<`` tags and code fences, lists nested hundreds of levels deep, and so on. Each check
   mirrors the part of the library that is slow and says in plain words what to fix.
2. Python-Markdown renders with the extensions writers expect. ``attr_list`` and
   ``md_in_html`` are deliberately not enabled.
3. nh3 sanitises the HTML *last*, with an explicit allow-list of tags, attributes, classes and
   URL schemes. Nothing edits the HTML after it has been sanitised.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections import Counter

import markdown
import nh3
from markdown.extensions.toc import slugify_unicode

from cms.exceptions import MarkdownError

__all__ = [
    "ALLOWED_TAGS",
    "ALLOWED_URL_SCHEMES",
    "MAX_ELEMENTS",
    "MAX_FOOTNOTES",
    "MAX_HEADINGS",
    "MAX_HTML_TAGS",
    "MAX_MARKDOWN_LENGTH",
    "MAX_NESTING_DEPTH",
    "MAX_REFERENCES_TO_ONE_FOOTNOTE",
    "render_markdown",
    "validate_markdown",
]

logger = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------
# Limits. Each is far above what real articles use (a 200,000-character article of prose,
# links, tables, code and footnotes stays well inside all of them) and low enough that the
# worst text within the limits renders in a few hundred milliseconds. Timings quoted below
# are for Python-Markdown 3.11.3 on CPython 3.11 without these checks.
# --------------------------------------------------------------------------------------------

#: Longest accepted text, in characters.
MAX_MARKDOWN_LENGTH = 200_000
#: Deepest nesting of lists and block quotes. Python-Markdown re-parses every level
#: (quadratic time) and recurses per level: 600 levels raise RecursionError after 5 s.
MAX_NESTING_DEPTH = 20
#: Most headings; the ``toc`` extension's work grows quadratically with the heading count
#: (5,000 headings take 1.1 s, 20,000 take 22 s).
MAX_HEADINGS = 1_000
#: Most footnote markers (``[^label]``, references and definitions together); 2,000
#: footnotes take 0.5 s.
MAX_FOOTNOTES = 1_000
#: Most references to one footnote; each repeat is numbered by a linear search, so 3,000
#: references to ``[^1]`` take 10 s.
MAX_REFERENCES_TO_ONE_FOOTNOTE = 100
#: Most raw HTML tags, comments, declarations and processing instructions (``<x``, ``</x``,
#: ``<!``, ``<?``; ``<https://...>`` links do not count). nh3's HTML parser is quadratic in
#: the nesting depth of block elements (``<div>`` x 100,000 takes 46 s).
MAX_HTML_TAGS = 5_000
#: Most Markdown elements: each block start (paragraph, list item, heading, table row, raw
#: HTML block...) counts three, and each table cell, inline mark (``*``, ``_``, backtick,
#: ``[``, ``]``, ``<``, entity, backslash escape, hard line break), nested list level and pair
#: of blank lines counts one (two "&" count one). Python-Markdown spends 10-60 microseconds
#: on each.
MAX_ELEMENTS = 15_000

# Budgets for the super-linear scans, in the units described where each is computed, set so
# that a text just inside a budget renders in roughly 0.3 s.
_FENCE_SCAN_BUDGET = 5_000_000
_HTML_SCAN_BUDGET = 2_000_000
_BRACKET_SCAN_BUDGET = 300_000
_CODE_SPAN_SCAN_BUDGET = 2_400_000
_INLINE_REBUILD_BUDGET = 500_000_000
_BLOCK_SPLIT_BUDGET = 1_000_000
# The sum of the shares of all the budgets and limits above that a text may use.
_TOTAL_LOAD_LIMIT = 2.0

# --------------------------------------------------------------------------------------------
# Markdown and sanitiser configuration.
# --------------------------------------------------------------------------------------------

_EXTENSIONS = ["tables", "fenced_code", "footnotes", "toc", "sane_lists"]
_EXTENSION_CONFIGS = {
    # Column alignment as align="left|center|right"; style attributes are never allowed.
    "tables": {"use_align_attribute": True},
    # Heading ids only, no permalink markup. Unicode slugs keep non-Latin headings linkable.
    "toc": {"permalink": False, "slugify": slugify_unicode},
}

#: Every element that may appear in rendered HTML.
ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
        "strong", "em", "b", "i", "del", "s", "sup", "sub",
        "blockquote", "code", "pre", "ul", "ol", "li", "dl", "dt", "dd",
        "a", "img", "table", "thead", "tbody", "tr", "th", "td",
        "div", "span", "abbr", "figure", "figcaption",
    }
)  # fmt: skip
#: URL schemes allowed in ``href`` and ``src``; relative URLs and ``#fragments`` also pass.
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})

_ATTRIBUTES = {
    **{f"h{level}": {"id"} for level in range(1, 7)},  # toc anchors
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "li": {"id"},  # footnote targets: <li id="fn:1">
    "sup": {"id"},  # footnote references: <sup id="fnref:1">
    "code": {"class"},  # language-xxx from fenced code, narrowed by _filter_attribute
    "ol": {"start"},
    "abbr": {"title"},
}
# An attribute whose value is not in its set is removed.
_ALIGN = {"left", "center", "right"}
_TAG_ATTRIBUTE_VALUES = {"th": {"align": _ALIGN}, "td": {"align": _ALIGN}}
# The classes Python-Markdown's extensions emit; other classes are removed. (``class`` must
# not also be in _ATTRIBUTES for these tags: nh3 0.3.8 panics if it is.)
_ALLOWED_CLASSES = {"a": {"footnote-ref", "footnote-backref"}, "div": {"footnote", "toc"}}
_LANGUAGE_CLASS_RE = re.compile(r"language-[\w#+.-]{1,40}\Z")
_IGNORED_IN_URLS_RE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME_RE = re.compile(r"([a-z][a-z0-9+.\-]*):")
_DIMENSION_RE = re.compile(r"\d{1,5}%?\Z")
_INTEGER_RE = re.compile(r"-?\d{1,9}\Z")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Narrow the values nh3's allow-list lets through; None removes the attribute."""
    if tag == "code" and attribute == "class":
        return " ".join(name for name in value.split() if _LANGUAGE_CLASS_RE.match(name)) or None
    if attribute in ("href", "src"):
        # nh3 has already refused other schemes as a browser would parse them; also refuse a
        # URL that only becomes a bad scheme once whitespace and control characters are
        # dropped ("java    script:"), for consumers of the API with laxer URL parsers.
        scheme = _SCHEME_RE.match(_IGNORED_IN_URLS_RE.sub("", value).lower())
        return None if scheme and scheme.group(1) not in ALLOWED_URL_SCHEMES else value
    if tag == "img" and attribute in ("width", "height"):
        return value if _DIMENSION_RE.match(value.strip()) else None
    if tag == "ol" and attribute == "start":
        return value if _INTEGER_RE.match(value.strip()) else None
    return value


def _sanitise(html: str) -> str:
    # link_rel puts rel="noopener noreferrer" on every <a>. nh3 refuses to combine link_rel
    # with an allowed "rel" attribute, so rel and rev from the input are always dropped.
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags={"script", "style"},
        attributes=_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        strip_comments=True,
        link_rel="noopener noreferrer",
        tag_attribute_values=_TAG_ATTRIBUTE_VALUES,
        url_schemes=set(ALLOWED_URL_SCHEMES),
        allowed_classes=_ALLOWED_CLASSES,
    )


def render_markdown(text: str) -> str:
    """Render Markdown to sanitised HTML, or raise MarkdownError saying what to fix."""
    validate_markdown(text)
    if not text.strip():
        return ""
    # A new instance per call: an instance keeps per-document state (footnotes, heading ids,
    # the HTML stash) and is not thread-safe. Building one takes about a millisecond.
    md = markdown.Markdown(
        extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS, output_format="html"
    )
    try:
        html = md.convert(text)
    except RecursionError as error:
        raise MarkdownError(
            "The text is nested too deeply to render (lists, block quotes, links or emphasis "
            "inside one another); flatten the nesting."
        ) from error
    except Exception as error:  # a renderer bug must reach the writer as a message, not a 500
        logger.exception("Python-Markdown failed on a text of %d characters", len(text))
        raise MarkdownError(
            "The text could not be rendered as Markdown; simplify any unusual markup and try again."
        ) from error
    return _focusable_code(_sanitise(html))


def _focusable_code(html: str) -> str:
    """Let keyboard users scroll a code block that is wider than the page.

    The sanitiser leaves ``<pre>`` without attributes, and a ``<pre>`` written
    in the text itself arrives escaped, so the literal tag is only ever ours.
    """
    return html.replace("<pre>", '<pre tabindex="0">')


# --------------------------------------------------------------------------------------------
# Validation. The checks read the text as Python-Markdown sees it: whitespace normalised and
# fenced code blocks taken out (their content is never parsed as Markdown). Where a check
# cannot tell exactly what Python-Markdown will do, it assumes the more expensive case.
# --------------------------------------------------------------------------------------------


def validate_markdown(text: str) -> None:
    """Raise MarkdownError if ``text`` is too long or too costly for Python-Markdown.

    Every check is linear or n log n in the length of the text; a 200,000-character article
    is checked in a few tens of milliseconds.
    """
    if not isinstance(text, str):
        raise TypeError(f"Markdown must be a str, not {type(text).__name__}")
    if len(text) > MAX_MARKDOWN_LENGTH:
        raise MarkdownError(
            f"The text is {len(text):,} characters long; the limit is {MAX_MARKDOWN_LENGTH:,}."
        )
    _check_encodable(text)
    if not text.strip():
        return
    # A leading newline lets every line-start pattern begin with a literal "\n" (fast).
    source = "\n" + _normalise(text)
    # Each check raises if its own limit is exceeded, else reports the share of its limit
    # used. The shares are added up too, so that a text cannot be expensive in every way
    # at once while staying just inside each single limit.
    loads: dict[str, float] = {}
    visible, fenced_blocks, loads["unclosed code fences"] = _check_fences(source)
    loads["headings"] = _check_headings(visible)
    nested_levels = _check_nesting(visible)
    loads["unclosed HTML tags"] = _check_html(visible)
    loads["Markdown elements"] = _check_elements(visible, 2 * fenced_blocks + nested_levels)
    # The element limit also bounds the number of "[", "]", "`" and "\\" the checks below
    # walk through.
    loads["footnotes"] = _check_footnotes(visible)
    loads["unclosed brackets"], loads["unclosed code spans"] = _check_brackets(visible)
    loads["long paragraphs full of markup"] = _check_paragraphs(visible)
    if sum(loads.values()) > _TOTAL_LOAD_LIMIT:
        heaviest = sorted(loads, key=loads.__getitem__, reverse=True)[:3]
        raise MarkdownError(
            "The text is too complex to render quickly: it has a lot of "
            f"{', '.join(heaviest[:-1])} and {heaviest[-1]} at once. Simplify it or split it "
            "into several pages."
        )


def _check_encodable(text: str) -> None:
    # nh3 (Rust) only accepts valid Unicode; a lone surrogate would raise UnicodeEncodeError.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise MarkdownError(
            f"The text contains an invalid character (U+{ord(text[error.start]):04X}, an "
            f"unpaired surrogate) at position {error.start + 1:,}; remove it."
        ) from None


_SPACE_ONLY_LINE_RE = re.compile(r"(?<=\n) +\n")


def _normalise(text: str) -> str:
    """The text as Python-Markdown's NormalizeWhitespace preprocessor leaves it."""
    source = text.replace("\x02", "").replace("\x03", "")
    source = source.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
    source = source.expandtabs(4)
    return _SPACE_ONLY_LINE_RE.sub("\n", source)


# Fenced code. The fenced_code preprocessor's regex scans lazily from each opening fence to
# its closing fence, about 40 ns a character. A fence that is never closed scans to the end
# of the text ("```x\n" x 10,000 takes 9.6 s), and an opening line with hl_lines=" may span
# lines, repeating that scan for every later line that ends in a quote. The preprocessor also
# copies the whole text once per block it takes out. Units: characters scanned.
_FENCE_LINE_RE = re.compile(r"\n(`{3,}|~{3,})([^\n]*)")
# The tail of an opening line Python-Markdown accepts on its own: optional language and
# optional hl_lines="..." closed on the same line. A {attribute} list makes the line valid
# only if the attributes parse, so such lines count as uncertain.
_OPENER_TAIL_RE = re.compile(r"""[ ]*(?:\.?[\w#.+-]*[ ]*)?(?:hl_lines=(["'])[^\n]*?\1[ ]*)?""")


def _check_fences(source: str) -> tuple[str, int, float]:
    """Check fenced code; return the text without the code blocks, their count and the load."""
    lines = [
        (m.start() + 1, m.end(), m.group(1), m.group(2)) for m in _FENCE_LINE_RE.finditer(source)
    ]
    if not lines:
        return source, 0, 0.0
    closers: dict[str, list[int]] = {}  # fence -> starts of the lines that could close it
    for start, _end, fence, tail in lines:
        if not tail.strip(" "):
            closers.setdefault(fence, []).append(start)

    def next_closer(fence: str, after: int) -> int | None:
        starts = closers.get(fence, [])
        index = bisect.bisect_right(starts, after)
        return starts[index] if index < len(starts) else None

    n = len(source)
    quote_line_ends = (
        [m.start() for m in re.finditer(r"""["'][ ]*\n""", source)] if "hl_lines=" in source else []
    )
    cost = 0
    unclosed = 0
    for start, end, fence, tail in lines:
        closer = next_closer(fence, end)
        if "hl_lines=" in tail and (closer is None or not _OPENER_TAIL_RE.fullmatch(tail)):
            later = len(quote_line_ends) - bisect.bisect_right(quote_line_ends, start)
            cost += 2 * (n - start) * (1 + later)  # about 80 ns a character
        else:
            cost += (closer if closer is not None else n) - start
        unclosed += closer is None
    if cost > _FENCE_SCAN_BUDGET:
        raise MarkdownError(
            f"The text has {max(unclosed, 1):,} code fences (``` or ~~~) that are never "
            "closed; end each code block with a line holding the same fence."
        )

    # Take out the blocks Python-Markdown will certainly treat as code, in the order its
    # preprocessor finds them. After the first opening line whose fate is uncertain, take
    # nothing out: leaving code in only makes the other checks stricter.
    parts: list[str] = []
    cursor = 0
    blocks = 0
    for start, end, fence, tail in lines:
        if start < cursor:
            continue
        certain = _OPENER_TAIL_RE.fullmatch(tail) is not None
        if "{" in tail or ("hl_lines=" in tail and not certain):
            break
        closer = next_closer(fence, end) if certain else None
        if closer is None:
            continue
        parts.append(source[cursor:start])
        parts.append("\x1a")  # one neutral line in place of the block
        closer_end = source.find("\n", closer)
        cursor = closer_end if closer_end != -1 else n
        blocks += 1
    parts.append(source[cursor:])
    if blocks * n // 64 > _FENCE_SCAN_BUDGET:
        raise MarkdownError(
            f"The text has {blocks:,} fenced code blocks; merge some of them or split the text "
            "into several pages."
        )
    return "".join(parts), blocks, (cost + blocks * n // 64) / _FENCE_SCAN_BUDGET


# Nesting of lists and block quotes, read from the prefix of each line: every ">" and list
# marker is a level, and so is every four columns of indentation before one.
_NESTED_PREFIX_RE = re.compile(r"\n(?:[ ]*+(?:>|(?:[-+*]|\d{1,9}[.)])(?=[ \n])))++")
_PREFIX_TOKEN_RE = re.compile(r"([ ]*)(?:>|[-+*]|\d{1,9}[.)])")
# Possessive quantifiers: a naive (-+[ ]*){3,} backtracks exponentially on a long line.
_RULE_LINE_RE = re.compile(
    r"[ ]{0,3}(?:(?:-++[ ]{0,2}+){3,}+|(?:_++[ ]{0,2}+){3,}+|(?:\*++[ ]{0,2}+){3,}+)[ ]*+"
)


def _check_nesting(visible: str) -> int:
    """Check nesting depth; return the number of levels below the first, over all lines."""
    deepest = 0
    nested_levels = 0
    for match in _NESTED_PREFIX_RE.finditer(visible):
        depth = sum(1 + len(indent) // 4 for indent in _PREFIX_TOKEN_RE.findall(match.group()))
        nested_levels += depth - 1
        if depth > max(deepest, MAX_NESTING_DEPTH):
            line_end = visible.find("\n", match.end())
            if not _RULE_LINE_RE.fullmatch(visible, match.start() + 1, line_end):
                deepest = depth  # ("- - - -" alone on a line is a rule, not a list)
    if deepest:
        raise MarkdownError(
            f"The text nests lists or block quotes {deepest:,} levels deep; the limit is "
            f"{MAX_NESTING_DEPTH} levels."
        )
    return nested_levels


# Headings: "#" lines, also inside list items and block quotes, and setext underlines.
_HEADING_RE = re.compile(r"\n[ >]*+(?:(?:(?:[-+*]|\d{1,9}\.)[ ]++)*+#|(?:=++|-++)[ ]*+(?=\n))")


def _check_headings(visible: str) -> float:
    headings = len(_HEADING_RE.findall(visible))
    if headings > MAX_HEADINGS:
        raise MarkdownError(
            f"The text has {headings:,} headings; the limit is {MAX_HEADINGS:,}. Split it into "
            "several pages."
        )
    return headings / MAX_HEADINGS


def _check_footnotes(visible: str) -> float:
    total = visible.count("[^")
    if total > MAX_FOOTNOTES:
        raise MarkdownError(
            f"The text has {total:,} footnote markers ([^...]); the limit is {MAX_FOOTNOTES:,}."
        )
    # Count references per label. A label runs from "[^" to the next "]" (and may contain
    # "[^"); count only the innermost "[^" before each "]". Repeats of any label repeat its
    # innermost part too, and the innermost spans never overlap, so this stays linear.
    labels: Counter[str] = Counter()
    starts = [match.end() for match in re.finditer(r"\[\^", visible)]
    close = line_end = -1
    for index, start in enumerate(starts):
        if close < start:
            close = visible.find("]", start)
            if close == -1:
                break
        if index + 1 < len(starts) and starts[index + 1] < close:
            continue  # not the innermost
        if line_end < start:
            line_end = visible.find("\n", start)  # the text always ends with "\n"
        if close < line_end:  # a label with a line break never matches a definition
            labels[visible[start:close]] += 1
    if labels:
        label, count = labels.most_common(1)[0]
        if count - 1 > MAX_REFERENCES_TO_ONE_FOOTNOTE:  # one of them is the definition
            raise MarkdownError(
                f"Footnote [^{label[:40]}] is referenced {count - 1:,} times; the limit is "
                f"{MAX_REFERENCES_TO_ONE_FOOTNOTE:,} references to one footnote."
            )
    return total / MAX_FOOTNOTES


# Raw HTML. Python-Markdown's HTML preprocessor (built on html.parser) scans from every "<"
# followed by a letter to the end of the tag with a regex costing about 90 ns a character.
# When no ">" ends the tag it scans to the end of the text, then does the same from the next
# "<": "<a " x 10,000 takes 10 s. A quoted attribute value hides any ">" inside it. (A
# backtick ends the scan in some positions but not all, so it is not counted on.) End tags,
# comments, declarations and processing instructions search for their own terminator (with
# cheaper searches, weighted 1/16); each one at the start of a line may also copy the rest of
# the text (weighted 1/256); and a comment searches the rest of its paragraph once for every
# inline tag still open. Units: start-tag characters scanned.
_HTML_OPEN_RE = re.compile(
    r"<(?:(?P<autolink>(?:[Ff]|[Hh][Tt])[Tt][Pp][Ss]?://[^<>]*>|[^<> !]+@[^@<> ]+>)"
    r"|(?P<kind>[A-Za-z]|/[A-Za-z]|!--|!|\?))"
)
_QUOTED_VALUE_RE = re.compile(r"""=\s*(["'])""")
_GREATER_THAN_RE = re.compile(">")
_COMMENT_END_RE = re.compile(r"--\s*>")
_PI_END_RE = re.compile(r"\?>")
_CDATA_END_RE = re.compile(r"\]\s*\]\s*>")
_PARAGRAPH_END_RE = re.compile("\n\n")


def _check_html(visible: str) -> float:
    if "<" not in visible:
        return 0.0
    opens = list(_HTML_OPEN_RE.finditer(visible))
    tags = sum(1 for match in opens if match.group("kind"))
    if tags > MAX_HTML_TAGS:
        raise MarkdownError(
            f"The text contains {tags:,} HTML tags or comments; the limit is {MAX_HTML_TAGS:,}. "
            "Use Markdown instead of raw HTML where you can."
        )
    if not tags:
        return 0.0

    n = len(visible)
    known_stops: dict[int, int] = {}  # quoted value position -> where a scan through it stops
    last_search: dict[re.Pattern[str], tuple[int, int]] = {}  # pattern -> (from, found at)

    def next_end(pattern: re.Pattern[str], position: int) -> int:
        """Where pattern next matches at or after position (n if nowhere). Searches again
        only when the previous answer cannot hold, so the searches stay linear in total."""
        searched_from, found = last_search.get(pattern, (n + 1, n))
        if not searched_from <= position <= found:
            match = pattern.search(visible, position)
            searched_from, found = position, match.start() if match else n
            last_search[pattern] = searched_from, found
        return found

    def start_tag_stop(position: int) -> int:
        """Where a start-tag scan from position stops: the first ">" outside a value."""
        passed = []
        stop = -1
        while True:
            if stop < position:  # search again only once a value has jumped past it
                stop = next_end(_GREATER_THAN_RE, position)
            value = _QUOTED_VALUE_RE.search(visible, position, stop)
            if value is None:
                break
            if value.start() in known_stops:
                stop = known_stops[value.start()]
                break
            passed.append(value.start())
            closing = visible.find(value.group(1), value.end())
            if closing == -1:
                stop = n
                break
            position = closing + 1
        for value_start in passed:
            known_stops[value_start] = stop
        return stop

    cost = 0
    unclosed = 0
    start_tags = 0  # start tags so far: any of them may still be open
    for match in opens:
        position, kind = match.start(), match.group("kind")
        if kind is None:  # <https://...> and <user@host>: closed start tags to the parser
            cost += match.end() - position
            start_tags += 1
            continue
        if kind[0].isalpha():
            stop = start_tag_stop(position + 1)
            cost += stop - position
            start_tags += 1
        else:
            if kind == "!--":
                stop = next_end(_COMMENT_END_RE, position + 4)
                if start_tags:
                    cost += start_tags * (next_end(_PARAGRAPH_END_RE, position) - position) // 16
            elif kind == "?":
                stop = next_end(_PI_END_RE, position + 2)
            elif visible.startswith("<![CDATA[", position):
                stop = next_end(_CDATA_END_RE, position + 9)
            else:  # end tags and other declarations end at the next ">"
                stop = next_end(_GREATER_THAN_RE, position + 1)
            cost += (stop - position) // 16
        before = visible[max(position - 4, 0) : position]
        if "\n" in before and not before[before.rfind("\n") + 1 :].strip(" "):
            cost += (n - position) // 256  # a raw HTML block: the rest of the text is copied
        unclosed += stop >= n
        if cost > _HTML_SCAN_BUDGET:
            break
    if cost > _HTML_SCAN_BUDGET:
        raise MarkdownError(
            f"The text has {max(unclosed, 1):,} HTML tags or comments that are not closed (a "
            "'<' with no '>' soon after it). Write a literal '<' as '&lt;', or close the tag."
        )
    return cost / _HTML_SCAN_BUDGET


# Square brackets. For every "[" the link, image and reference patterns walk forward one
# character at a time (about 0.5 us each, three times over) to the matching "]", or to the
# end of the paragraph if there is none: "[" x 10,000 takes 17 s. After "](" the link
# destination is walked the same way to its ")". Code spans and escapes are replaced by
# placeholders before these walks, so they hide brackets (a backtick between "[" and "]"
# makes the match uncertain, and it is costed as unmatched) and make the text longer (each
# escape, backtick run or "]" weighs 16 characters). Units: weighted characters walked.
_BRACKET_TOKEN_RE = re.compile(r"[\\`\[\]](?:(?<=\\).|(?<=`)`*)?")
# A link destination whose walk certainly ends at its final ")": no quotes, backticks or
# backslashes, parentheses nested at most once, then an optional quoted title.
_SIMPLE_DESTINATION_RE = re.compile(
    r"""\((?:[^()"'`\\]|\([^()"'`\\]*\))*+(?:"[^"`\\]*"|'[^'`\\]*')?\s*\)"""
)
_PLACEHOLDER_WEIGHT = 16
# Code spans. For every backtick run that can open a code span, Python-Markdown 3.11 walks
# forward one character at a time (about 0.17 us each) to a run of the same length, or to
# the end of the paragraph: "```    \\" x 1,000 takes 2 s. Units: characters walked.
_BACKTICK_RUN_RE = re.compile(r"`+")


def _code_span_cost(chunk: str) -> tuple[int, int]:
    """The characters walked looking for code span ends, and the openers left unclosed."""
    runs = [(m.start(), m.end() - m.start()) for m in _BACKTICK_RUN_RE.finditer(chunk)]
    later_runs: dict[int, list[int]] = {}  # run length -> indexes of the runs that long
    for index, (_position, length) in enumerate(runs):
        later_runs.setdefault(length, []).append(index)
    cost = 0
    unclosed = 0
    index = 0
    while index < len(runs):
        position, length = runs[index]
        if position and chunk[position - 1] == "\\":  # the first backtick is escaped
            position, length = position + 1, length - 1
        candidates = later_runs.get(length, [])
        closing = bisect.bisect_right(candidates, index)
        if length and closing < len(candidates):
            cost += runs[candidates[closing]][0] - position
            index = candidates[closing] + 1
            continue
        if length:
            cost += len(chunk) - position
            unclosed += 1
        index += 1
    return cost, unclosed


def _check_brackets(visible: str) -> tuple[float, float]:
    """Check the bracket and code span walks; return the share of each budget used."""
    if "[" not in visible and "`" not in visible:
        return 0.0, 0.0
    cost = 0
    unmatched = 0
    unclosed_links = 0
    code_cost = 0
    unclosed_code = 0
    for chunk in visible.split("\n\n"):
        if "`" in chunk:
            chunk_cost, chunk_unclosed = _code_span_cost(chunk)
            code_cost += chunk_cost
            unclosed_code += chunk_unclosed
        if "[" not in chunk:
            continue
        tokens = list(_BRACKET_TOKEN_RE.finditer(chunk))
        heavy = sum(1 for token in tokens if token.group() != "[")
        chunk_end = len(chunk) + _PLACEHOLDER_WEIGHT * heavy
        stack: list[tuple[int, int]] = []  # (weighted position of "[", backtick runs before)
        weight = 0
        backticks = 0
        for token in tokens:
            kind = token.group()[0]
            here = token.start() + weight
            if kind == "[":
                stack.append((here, backticks))
                continue
            weight += _PLACEHOLDER_WEIGHT
            if kind == "`":
                backticks += 1
            elif kind == "]" and stack:
                if stack[-1][1] != backticks:
                    # A code span may hide this "]": every open "[" may walk to the end.
                    cost += sum(chunk_end - opened for opened, _ in stack)
                    unmatched += len(stack)
                    stack.clear()
                    continue
                opened, _ = stack.pop()
                cost += here - opened
                if chunk.startswith("(", token.end()):
                    destination = _SIMPLE_DESTINATION_RE.match(chunk, token.end())
                    if destination:
                        cost += destination.end() - token.end()
                    else:
                        cost += chunk_end - here
                        unclosed_links += 1
        cost += sum(chunk_end - opened for opened, _ in stack)
        unmatched += len(stack)
        if cost > _BRACKET_SCAN_BUDGET or code_cost > _CODE_SPAN_SCAN_BUDGET:
            break
    if code_cost > _CODE_SPAN_SCAN_BUDGET:
        raise MarkdownError(
            f"The text has {max(unclosed_code, 1):,} backticks (`) that start a code span "
            "which is never closed. Close each code span with as many backticks as opened it, "
            "or write a literal backtick as '\\`'."
        )
    if cost > _BRACKET_SCAN_BUDGET:
        problems = []
        if unmatched:
            problems.append(f"{unmatched:,} '[' without a matching ']'")
        if unclosed_links:
            problems.append(f"{unclosed_links:,} links whose '(' is not closed")
        found = " and ".join(problems) or "square brackets nested too deeply"
        raise MarkdownError(f"The text has {found}. Write a literal bracket as '\\[', or close it.")
    return cost / _BRACKET_SCAN_BUDGET, code_cost / _CODE_SPAN_SCAN_BUDGET


# Elements (see MAX_ELEMENTS) and paragraphs. Every inline match rebuilds the text of its
# paragraph, so a paragraph of length L with m marks costs about m * (L + 16 m) character
# copies (about 0.1 ns each): "*a* " x 50,000 in one paragraph takes over 40 s. And every
# heading, rule, footnote definition or run of link definitions inside a paragraph (no blank
# line around it) makes the block parser test the rest of the paragraph again with every
# block processor (about 100 ns a character): "***\nx\n" x 2,000 takes 2 s.
_INLINE_MARK_RE = re.compile(
    r"[*_`\\\[\]<&](?:(?<=\\).|(?<=\*)\**|(?<=_)_*|(?<=`)`*|(?<=&)(?:#\w+|[\w.-]+;))?"
)
_BLOCK_START_RE = re.compile(r"\n(?:\n[^\n]|[ >]*+[-+*#|=~`\d<\[\x1a])")
_SPLIT_LINE_RE = re.compile(r"\n[ >]*+(?:#|\[\^[^\]\n]*\]:|(?:[-*_=][ ]{0,2}+)++[ ]*+(?=\n))")
# Link reference definitions split a paragraph too, but a run of them is taken in one pass.
_REFERENCE_LINE_RE = re.compile(r"\n[ ]{0,3}\[(?!\^)[^\[\]\n]*\]:[^\n]*")


def _check_elements(visible: str, extra_elements: int) -> float:
    marks = _INLINE_MARK_RE.findall(visible)
    elements = (
        3 * len(_BLOCK_START_RE.findall(visible))
        + visible.count("\n\n") // 2  # empty blocks between blank lines
        + visible.count("|")  # table cells
        + len(marks)
        - marks.count("&")  # a lone "&" costs less (10 us, mostly in the HTML parsers)
        + visible.count("&") // 2
        + visible.count("  \n")  # hard line breaks
        + extra_elements
    )
    if elements > MAX_ELEMENTS:
        raise MarkdownError(
            f"The text has {elements:,} Markdown elements (paragraphs, list items, table cells, "
            f"links, emphasis and other formatting marks); the limit is {MAX_ELEMENTS:,}. Split "
            "it into several pages."
        )
    return elements / MAX_ELEMENTS


def _check_paragraphs(visible: str) -> float:
    rebuild_cost = split_cost = 0
    worst_rebuild = worst_split = (0, 0, 0)  # (cost, paragraph length, marks or splits)
    for chunk in visible.split("\n\n"):
        marks = _INLINE_MARK_RE.findall(chunk)
        chunk_marks = len(marks) - marks.count("&") + chunk.count("  \n")
        cost = chunk_marks * (len(chunk) + _PLACEHOLDER_WEIGHT * chunk_marks)
        rebuild_cost += cost
        worst_rebuild = max(worst_rebuild, (cost, len(chunk), chunk_marks))
        splits = len(_SPLIT_LINE_RE.findall(chunk))
        previous_end = -1
        for match in _REFERENCE_LINE_RE.finditer(chunk):
            splits += match.start() != previous_end  # the first of a run of definitions
            previous_end = match.end()
        if splits > 1:
            split_cost += splits * len(chunk)
            worst_split = max(worst_split, (splits * len(chunk), len(chunk), splits))
    if rebuild_cost > _INLINE_REBUILD_BUDGET:
        _cost, length, marks_count = worst_rebuild
        raise MarkdownError(
            f"A paragraph {length:,} characters long has {marks_count:,} formatting marks (*, _, "
            "`, [, ], <, entities); split long paragraphs like it into shorter ones."
        )
    if split_cost > _BLOCK_SPLIT_BUDGET:
        _cost, length, splits = worst_split
        raise MarkdownError(
            f"A paragraph {length:,} characters long has {splits:,} headings, horizontal rules "
            "or footnote or link definitions inside it; put a blank line before and after each "
            "of them."
        )
    return rebuild_cost / _INLINE_REBUILD_BUDGET + split_cost / _BLOCK_SPLIT_BUDGET
