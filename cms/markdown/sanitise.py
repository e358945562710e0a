"""The sanitiser every rendered body passes through last: nh3 with an explicit allow-list.

Nothing edits the HTML after it has been sanitised except :func:`focusable_code`,
which adds one fixed attribute to a tag only the renderer can produce.
"""

from __future__ import annotations

import re

import nh3
from pygments.token import STANDARD_TYPES

#: MathML Core's presentation elements. Not ``semantics``/``annotation-xml`` (HTML inside
#: MathML, the mutation-XSS vector), nor ``maction``, ``mglyph`` or ``malignmark``, which
#: MathML Core dropped and which the parser treats specially.
MATHML_TAGS = frozenset(
    {
        "math", "merror", "mfrac", "mi", "mmultiscripts", "mn", "mo", "mover", "mpadded",
        "mphantom", "mprescripts", "mroot", "mrow", "ms", "mspace", "msqrt", "mstyle", "msub",
        "msubsup", "msup", "mtable", "mtd", "mtext", "mtr", "munder", "munderover",
    }
)  # fmt: skip

#: Every element that may appear in rendered HTML.
ALLOWED_TAGS = (
    frozenset(
        {
            "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6",
            "strong", "em", "b", "i", "del", "s", "sup", "sub", "mark", "kbd",
            "blockquote", "code", "pre", "ul", "ol", "li", "dl", "dt", "dd",
            "a", "img", "table", "thead", "tbody", "tr", "th", "td",
            "div", "span", "abbr", "figure", "figcaption", "section", "details", "summary",
        }
    )
    | MATHML_TAGS
)  # fmt: skip
#: URL schemes allowed in ``href`` and ``src``; relative URLs and ``#fragments`` also pass.
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})

_MATHML_ATTRIBUTES = {
    "math": set(),  # display: see _MATH_VALUES
    "mi": {"mathvariant"},
    "mo": {"fence", "form", "largeop", "lspace", "rspace", "maxsize", "minsize"}
    | {"movablelimits", "separator", "stretchy", "symmetric"},
    "mfrac": {"linethickness"},
    "mover": {"accent"},
    "munder": {"accentunder"},
    "munderover": {"accent", "accentunder"},
    "mpadded": {"depth", "height", "lspace", "voffset", "width"},
    "mspace": {"depth", "height", "width"},
    "mstyle": {"displaystyle", "scriptlevel"},
    "mtable": {"columnalign", "rowalign"},
    "mtd": {"columnalign", "columnspan", "rowspan"},
}
ATTRIBUTES = {
    **{f"h{level}": {"id"} for level in range(1, 7)},  # heading anchors
    "a": {"href", "title", "id"},  # id: a footnote reference's back-link target
    "img": {"src", "alt", "title", "width", "height"},
    "li": {"id"},  # footnote targets
    "code": {"class"},  # language-xxx, narrowed by _filter_attribute
    "ol": {"start"},
    "abbr": {"title"},
    "details": {"open"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    **_MATHML_ATTRIBUTES,
}
_ALIGN_CLASSES = {"align-left", "align-center", "align-right"}
# The classes the renderer emits; other classes are removed. (``class`` must not also be in
# ATTRIBUTES for these tags: nh3 0.3.8 panics if it is.)
ALLOWED_CLASSES = {
    "a": {"footnote-ref", "footnote-backref"},
    "sup": {"footnote-ref"},
    "section": {"footnotes"},
    "hr": {"footnotes-sep"},
    "ol": {"footnotes-list"},
    "li": {"footnote-item", "task", "task-done"},
    "span": {name for name in STANDARD_TYPES.values() if name} | {"task-box"},
    "div": {"math-display", "highlight"},
    "figure": {"code-block", "figure"},
    "figcaption": {"code-language"},
    "th": _ALIGN_CLASSES,
    "td": _ALIGN_CLASSES,
}
_MATH_VALUES = {"math": {"display": {"block", "inline"}}}
_LANGUAGE_CLASS_RE = re.compile(r"language-[\w#+.-]{1,40}\Z")
_IGNORED_IN_URLS_RE = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME_RE = re.compile(r"([a-z][a-z0-9+.\-]*):")
_DIMENSION_RE = re.compile(r"\d{1,5}%?\Z")
_INTEGER_RE = re.compile(r"-?\d{1,9}\Z")
_MATH_LENGTH_RE = re.compile(r"-?[\d.]{1,12}(?:em|ex|px|%|mu)?\Z|[a-z]{1,20}\Z")


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
    if attribute in ("start", "colspan", "rowspan", "columnspan"):
        return value if _INTEGER_RE.match(value.strip()) else None
    if tag in _MATHML_ATTRIBUTES and attribute in {"lspace", "rspace", "width", "height"}:
        return value if _MATH_LENGTH_RE.match(value.strip()) else None
    return value


def sanitise(html: str) -> str:
    """Keep only allow-listed elements, attributes, classes and URL schemes."""
    # link_rel puts rel="noopener noreferrer" on every <a>. nh3 refuses to combine link_rel
    # with an allowed "rel" attribute, so rel and rev from the input are always dropped.
    return focusable_code(
        nh3.clean(
            html,
            tags=set(ALLOWED_TAGS),
            clean_content_tags={"script", "style"},
            attributes=ATTRIBUTES,
            attribute_filter=_filter_attribute,
            strip_comments=True,
            link_rel="noopener noreferrer",
            tag_attribute_values=_MATH_VALUES,
            url_schemes=set(ALLOWED_URL_SCHEMES),
            allowed_classes=ALLOWED_CLASSES,
        )
    )


def focusable_code(html: str) -> str:
    """Let keyboard users scroll a code block that is wider than the page.

    The sanitiser leaves ``<pre>`` without attributes, and a ``<pre>`` written
    in the text itself arrives escaped, so the literal tag is only ever ours.
    """
    return html.replace("<pre>", '<pre tabindex="0">')
