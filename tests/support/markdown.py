"""The hostile Markdown corpus, the safe-HTML checker and the refused inputs.

``assert_safe_html`` is meant to be reused by the tests of every other place that shows
rendered Markdown (admin preview, public pages, API): ``from tests.support.markdown import
assert_safe_html``. ``REFUSED_INPUTS`` are the costly texts ``render_markdown`` refuses, with
the words of each refusal.
"""

from __future__ import annotations

import re

import html5lib

from devtools.markdown_bench import BOMBS

FORBIDDEN_ELEMENTS = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet",
        "base", "meta", "link", "form", "button", "input", "textarea", "select", "option",
        "svg", "noscript", "template", "xmp", "plaintext", "noembed", "noframes",
        # MathML that carries HTML or actions; MathML Core's presentation elements may pass.
        "annotation-xml", "annotation", "semantics", "maction", "mglyph", "malignmark",
    }
)  # fmt: skip
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "srcset", "data", "poster", "background", "cite"}
)
SAFE_URL_SCHEMES = frozenset({"http", "https", "mailto"})
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")  # browsers drop or trim these
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def _local_name(name: str) -> str:
    """'{http://www.w3.org/2000/svg}svg' -> 'svg', 'xlink:href' -> 'href'."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1].lower()


def unsafe_url_scheme(url: str) -> str | None:
    """The scheme of a (decoded) URL if it is neither relative nor http/https/mailto."""
    cleaned = _IGNORED_IN_URLS.sub("", url).lower()
    match = _SCHEME.match(cleaned)
    if match and match.group(1) not in SAFE_URL_SCHEMES:
        return match.group(1)
    return None


def assert_safe_html(markup: str) -> None:
    """Fail if markup can run script, load active content, restyle the page or link unsafely.

    Checks the DOM html5lib builds, not substrings: no script-capable or form elements, no
    on* handler, no style or srcdoc attribute, and every URL attribute relative or
    http/https/mailto once entities are decoded (by the parser, once, as a browser does),
    ASCII control characters and whitespace dropped, and the scheme lower-cased.
    """
    fragment = html5lib.parseFragment(markup, namespaceHTMLElements=False)
    problems = []
    for element in fragment.iter():
        if not isinstance(element.tag, str):  # comments
            continue
        tag = _local_name(element.tag)
        if tag in FORBIDDEN_ELEMENTS:
            problems.append(f"<{tag}> element")
        for name, value in element.attrib.items():
            attribute = _local_name(name)
            if attribute.startswith("on"):
                problems.append(f"{attribute} handler on <{tag}>")
            elif attribute in {"style", "srcdoc"}:
                problems.append(f"{attribute} attribute on <{tag}>")
            elif attribute in URL_ATTRIBUTES:
                candidates = value.split(",") if attribute == "srcset" else [value]
                for candidate in candidates:
                    url = candidate.strip().split(" ")[0] if attribute == "srcset" else candidate
                    scheme = unsafe_url_scheme(url)
                    if scheme:
                        problems.append(f"{scheme}: URL in {attribute} of <{tag}>: {value!r}")
    assert not problems, f"unsafe HTML ({'; '.join(problems)}):\n{markup}"


def _elements(markup: str) -> list:
    fragment = html5lib.parseFragment(markup, namespaceHTMLElements=False)
    return [element for element in fragment.iter() if isinstance(element.tag, str)][1:]


def _find(markup: str, tag: str) -> list:
    return [element for element in _elements(markup) if element.tag == tag]


ENCODED_JAVASCRIPT = "".join(f"&#{ord(c)};" for c in "javascript:")
ENCODED_JAVASCRIPT_NO_SEMICOLONS = "".join(f"&#{ord(c)}" for c in "javascript:")
ENCODED_JAVASCRIPT_HEX_PADDED = "".join(f"&#x{ord(c):08x};" for c in "javascript:")

HOSTILE_MARKDOWN = [
    ("javascript-link", "[click](javascript:alert(1))"),
    ("javascript-link-mixed-case", "[click](JaVaScRiPt:alert(1))"),
    ("javascript-link-entity-colon", "[click](JaVaScRiPt&#58;alert(1))"),
    ("javascript-link-hex-colon", "[click](javascript&#x3A;alert(1))"),
    ("javascript-link-colon-no-semicolon", "[click](javascript&#58alert(1))"),
    ("javascript-link-zero-padded-colon", "[click](javascript&#0000058;alert(1))"),
    ("javascript-link-all-decimal-entities", f"[click]({ENCODED_JAVASCRIPT}alert(1))"),
    ("javascript-link-entities-no-semicolons", f"[click]({ENCODED_JAVASCRIPT_NO_SEMICOLONS}a)"),
    ("javascript-link-hex-zero-padded", f"[click]({ENCODED_JAVASCRIPT_HEX_PADDED}alert(1))"),
    ("javascript-link-tab-entity", "[click](java&#9;script:alert(1))"),
    ("javascript-link-newline-entity", "[click](java&#x0A;script:alert(1))"),
    ("javascript-link-raw-tab", "[click](java\tscript:alert(1))"),
    ("javascript-link-nul", "[click](java\x00script:alert(1))"),
    ("javascript-link-control-prefix", "[click](\x01\x1f javascript:alert(1))"),
    ("data-link", "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)"),
    ("data-image", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)"),
    ("vbscript-link", "[click](vbscript:msgbox(1))"),
    ("magnet-link", "[file](magnet:?xt=urn:btih:c12fe1c06bba254a9dc9f519b335aa7c1367a88a)"),
    ("javascript-image", "![x](javascript:alert(1))"),
    ("reference-definition", "[click][evil]\n\n[evil]: javascript:alert(1)"),
    ("reference-definition-encoded", '[click][evil]\n\n[evil]: jav&#x09;ascript:alert(1) "t"'),
    ("autolink-javascript", "<javascript:alert(1)>"),
    ("autolink-data", "<data:text/html,<script>alert(1)</script>>"),
    ("script", "<script>alert(1)</script>"),
    ("script-uppercase", "<SCRIPT>alert(1)</SCRIPT>"),
    ("script-mixed-case-inline", "before <ScRiPt>alert(1)</sCrIpT> after"),
    ("script-malformed-nested", '<<SCRIPT>alert("XSS");//\\<</SCRIPT>'),
    ("script-slash-attribute", '<SCRIPT/XSS SRC="http://x/x.js"></SCRIPT>'),
    ("img-onerror", "<img src=x onerror=alert(1)>"),
    ("img-onerror-in-emphasis", "*<img src=x onerror=alert(1)>* and **<b onclick=alert(1)>b</b>**"),
    ("details-ontoggle", "<details open ontoggle=alert(1)>"),
    ("body-onload-junk", '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>'),
    ("svg-onload", "<svg/onload=alert(1)>"),
    (
        "svg-xlink-href",
        '<svg><a xlink:href="javascript:alert(1)"><text y="20">XSS</text></a></svg>',
    ),
    (
        "mathml-mglyph-style-mutation",
        '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;'
        '&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">',
    ),
    # MathML is allowed now (MathML Core presentation elements): its mutation-XSS tricks.
    (
        "mathml-mtext-mglyph-svg-textarea",
        '<math><mtext><table><mglyph><svg><mtext><textarea><path id="</textarea>'
        '<img onerror=alert(1) src=1>">',
    ),
    (
        "mathml-form-nesting-style",
        "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    ),
    (
        "mathml-annotation-xml-html",
        '<math><annotation-xml encoding="text/html"><img src=x '
        "onerror=alert(1)></annotation-xml></math>",
    ),
    ("mathml-href", '<math href="javascript:alert(1)"><mi>x</mi></math>'),
    (
        "mathml-maction-xlink",
        '<math><maction actiontype="statusline" '
        'xlink:href="javascript:alert(2)">CLICK</maction></math>',
    ),
    ("mathml-style-element", "<math><style><img src=x onerror=alert(1)></style></math>"),
    ("mathml-mi-xlink-data", '<math><mi xlink:href="data:x,<script>alert(4)</script>">x</mi>'),
    (
        "mathml-mtext-style-attribute",
        '<math><mtext style="position:fixed;inset:0">x</mtext></math>',
    ),
    ("tex-href-javascript", "$\\href{javascript:alert(1)}{x}$"),
    ("tex-text-html", "$\\text{<img src=x onerror=alert(1)>}$"),
    ("tex-display-script", "$$\n\\text{</math><script>alert(1)</script>}\n$$"),
    ("tex-brackets-img", "\\(x<img src=x onerror=alert(1)>\\)"),
    ("code-language-breakout", '```python"><img src=x onerror=alert(1)>\nx = 1\n```'),
    ("figure-title-breakout", '![x](/a.png "</figcaption><img src=x onerror=alert(1)>")'),
    ("details-summary-onclick", "<details><summary onclick=alert(1)>s</summary>x</details>"),
    ("task-box-html", "- [x] <img src=x onerror=alert(1)>"),
    ("image-alt-breakout", '![" onerror="alert(1)](x)'),
    ("link-href-breakout", '[x](https://example.org/"onmouseover="alert(1))'),
    ("image-title-breakout", '![x](/img.png "a\\" onerror=\\"alert(1))'),
    ("link-title-with-quotes", '[x](https://example.org/ "a\\" onmouseover=\\"alert(1)")'),
    (
        "link-title-single-quotes",
        "[x](https://example.org/ 'it\\'s \" autofocus onfocus=alert(1)')",
    ),
    ("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    ("object-data", "<object data=javascript:alert(1)></object>"),
    ("embed-data", '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">'),
    ("meta-refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">'),
    ("base-href", '<base href="javascript:alert(1)//">'),
    ("form-button-formaction", "<form><button formaction=javascript:alert(1)>go</button></form>"),
    ("input-autofocus", "<input autofocus onfocus=alert(1)>"),
    ("link-stylesheet", '<link rel="stylesheet" href="javascript:alert(1)">'),
    ("style-import", "<style>@import 'http://evil.example/x.css';</style>"),
    (
        "style-overlay-attribute",
        '<div style="position:fixed;top:0;left:0;width:100%;height:100%">click anywhere</div>',
    ),
    ("noscript-title-breakout", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">'),
    ("comment-hiding-img", "<!-- <img src=x onerror=alert(1)> -->"),
    ("img-quotes-then-script", '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">'),
    ("anchor-id-style", '<a href="#" id="x" style="position:fixed;inset:0">x</a>'),
    ("raw-anchor-tab-entity", '<a href="jav&#x09;ascript:alert(1)">x</a>'),
    ("raw-anchor-zero-padded", '<a href="&#0000106avascript:alert(1)">x</a>'),
    ("img-srcset", '<img srcset="javascript:alert(1) 1x, /a.png 2x" src="/a.png">'),
    ("template-script", "<template><script>alert(1)</script></template>"),
    ("textarea-script", "<textarea><script>alert(1)</script></textarea>"),
    ("xmp-img", "<xmp><img src=x onerror=alert(1)></xmp>"),
    ("fence-language-breakout", '```"><script>alert(1)</script>\nx\n```'),
    ("footnote-javascript", "Text[^1]\n\n[^1]: [click](javascript:alert(1))"),
    ("heading-img", "# <img src=x onerror=alert(1)>heading"),
    ("table-cells", "| a | b |\n|---|---|\n| <script>alert(1)</script> | <img src=x onerror=y> |"),
]
HOSTILE_IDS = [case_id for case_id, _ in HOSTILE_MARKDOWN]
HOSTILE_TEXTS = [text for _, text in HOSTILE_MARKDOWN]


REFUSAL_REASONS = {
    "nested-list-600": r"nested more than 24 levels deep",
    "nested-list-600-one-line": r"nested more than 24 levels deep",
    "nested-quotes-600": r"nested more than 24 levels deep",
    "dense-emphasis": r"too many Markdown elements .*formatting marks: 100,000",
    "many-paragraphs": r"too many Markdown elements .*lines",
    "unclosed-comments": r"too many Markdown elements",
    "unclosed-fences": r"too many Markdown elements .*lines: 10,000",
    "many-formulas": r"too many Markdown elements .*formula delimiters: 20,000",
    "unclosed-math-brackets": r"too many Markdown elements .*formula delimiters: 20,000",
    "open-brackets": r"too many Markdown elements .*'\[' \(links, images, footnotes\): 10,000",
    "open-image-brackets": r"too many Markdown elements .*'\[' \(links, images, footnotes\): 5,000",
    "unclosed-link-destinations": r"too many Markdown elements .*'\[' .*: 5,000",
}
# The bombs the limits refuse, as (name, text, words of the refusal), for other modules.
REFUSED_INPUTS = [
    (name, text, REFUSAL_REASONS[name]) for name, text in BOMBS if name in REFUSAL_REASONS
]
