"""cms.markdown: the one Markdown-to-safe-HTML path, and its denial-of-service guards.

``assert_safe_html`` is meant to be reused by the tests of every other place that shows
rendered Markdown (admin preview, public pages, API): ``from tests.test_markdown import
assert_safe_html``. Nothing here needs the database.
"""

from __future__ import annotations

import random
import re
import time
from concurrent.futures import ThreadPoolExecutor

import html5lib
import pytest
from markdown_it import MarkdownIt

from cms.exceptions import MarkdownError
from cms.markdown import (
    ALLOWED_TAGS,
    MAX_MARKDOWN_LENGTH,
    MAX_NESTING_DEPTH,
    render_markdown,
    validate_markdown,
)
from devtools.markdown_bench import BOMBS

# --------------------------------------------------------------------------------------------
# The safety checker, on a parsed DOM.
# --------------------------------------------------------------------------------------------

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


# --------------------------------------------------------------------------------------------
# Hostile input: every case must come out safe.
# --------------------------------------------------------------------------------------------

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


def test_hostile_corpus_is_large_and_uniquely_named():
    assert len(HOSTILE_MARKDOWN) >= 40
    assert len(set(HOSTILE_IDS)) == len(HOSTILE_IDS)


@pytest.mark.parametrize("text", HOSTILE_TEXTS, ids=HOSTILE_IDS)
def test_hostile_markdown_renders_safe_html(text):
    assert_safe_html(render_markdown(text))


ALLOWED_ATTRIBUTES = {
    **{f"h{level}": {"id"} for level in range(1, 7)},
    "a": {"href", "title", "class", "rel", "id"},
    "img": {"src", "alt", "title", "width", "height"},
    "li": {"id", "class"},
    "sup": {"class"},
    "code": {"class"},
    "pre": {"tabindex"},
    "ol": {"start", "class"},
    "abbr": {"title"},
    "th": {"class", "colspan", "rowspan"},
    "td": {"class", "colspan", "rowspan"},
    "div": {"class"},
    "span": {"class"},
    "figure": {"class"},
    "figcaption": {"class"},
    "section": {"class"},
    "hr": {"class"},
    "details": {"open"},
    "math": {"display"},
    "mi": {"mathvariant"},
    "mo": {"fence", "form", "largeop", "lspace", "rspace", "maxsize", "minsize", "movablelimits"}
    | {"separator", "stretchy", "symmetric"},
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


@pytest.mark.parametrize("text", HOSTILE_TEXTS, ids=HOSTILE_IDS)
def test_hostile_markdown_yields_only_allow_listed_tags_and_attributes(text):
    output = render_markdown(text)
    assert "<!--" not in output
    for element in _elements(output):
        tag = _local_name(element.tag)
        assert tag in ALLOWED_TAGS, element.tag
        assert set(element.attrib) <= ALLOWED_ATTRIBUTES.get(tag, set()), (
            element.tag,
            element.attrib,
        )


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "jav\nascript:alert(1)",
        "\x01javascript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
    ],
)
def test_url_checker_catches_obfuscated_schemes(url):
    assert unsafe_url_scheme(url)


@pytest.mark.parametrize(
    "url", ["https://x.org/a:b", "http://x", "mailto:a@b.org", "/a:b", "#fn:1", "a.png", ""]
)
def test_url_checker_accepts_relative_and_web_urls(url):
    assert unsafe_url_scheme(url) is None


def test_safety_checker_rejects_a_script_handler_and_a_javascript_url():
    for markup in [
        "<script>x</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="jav&#x09;ascript:x">a</a>',
        '<p style="color:red">a</p>',
        '<svg><a xlink:href="javascript:x">a</a></svg>',
    ]:
        with pytest.raises(AssertionError):
            assert_safe_html(markup)


# --------------------------------------------------------------------------------------------
# What writers need still works.
# --------------------------------------------------------------------------------------------


def test_heading_gets_an_id():
    (heading,) = _find(render_markdown("## Results and methods"), "h2")
    assert heading.get("id") == "results-and-methods"


def test_non_latin_heading_gets_a_unicode_id():
    (heading,) = _find(render_markdown("## 研究结果"), "h2")
    assert heading.get("id") == "研究结果"


def test_table_keeps_column_alignment_as_classes_not_inline_styles():
    output = render_markdown("| Left | Centre | Right |\n|:--|:-:|--:|\n| a | b | c |")
    expected = ["align-left", "align-center", "align-right"]
    assert [cell.get("class") for cell in _find(output, "th")] == expected
    assert [cell.get("class") for cell in _find(output, "td")] == expected
    assert "style=" not in output


def test_alignment_and_style_written_as_html_are_dropped():
    output = render_markdown('<table><tr><td align="right" style="color:red">a</td></tr></table>')
    assert [(cell.get("align"), cell.get("style")) for cell in _find(output, "td")] == [
        (None, None)
    ]


def test_fenced_code_keeps_its_language_class():
    output = render_markdown("```python\nprint('<b>hi</b>')\n```")
    (code,) = _find(output, "code")
    assert code.get("class") == "language-python"
    assert "".join(code.itertext()) == "print('<b>hi</b>')\n"


def test_code_block_is_focusable_so_the_keyboard_can_scroll_it():
    output = render_markdown("```\nwide = 1\n```\n\n<pre onclick='x()' tabindex='5'>raw</pre>")
    blocks = _find(output, "pre")
    assert [block.get("tabindex") for block in blocks] == ["0", "0"]
    assert blocks[1].get("onclick") is None


def test_code_classes_other_than_language_are_dropped():
    output = render_markdown('<pre><code class="evil language-js x">a</code></pre>')
    assert _find(output, "code")[0].get("class") == "language-js"


def test_footnote_reference_links_to_its_note_and_back():
    output = render_markdown("A claim.[^1]\n\n[^1]: The source.")
    (reference,) = _find(output, "sup")
    assert reference.get("class") == "footnote-ref"
    assert (reference[0].get("href"), reference[0].get("id")) == ("#fn1", "fnref1")
    (note,) = _find(output, "li")
    assert note.get("id") == "fn1"
    backlinks = [a for a in _find(output, "a") if a.get("class") == "footnote-backref"]
    assert [a.get("href") for a in backlinks] == ["#fnref1"]
    assert any(section.get("class") == "footnotes" for section in _find(output, "section"))


def test_classes_outside_the_allow_list_are_dropped():
    output = render_markdown('<div class="math-display overlay">x</div>')
    assert _find(output, "div")[0].get("class") == "math-display"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/paper?id=1&v=2",
        "http://example.org/",
        "mailto:editor@example.org",
        "/digest/2025/",
        "../other/",
        "#results",
    ],
)
def test_safe_links_survive_with_noopener(url):
    (link,) = _find(render_markdown(f"[text]({url})"), "a")
    assert link.get("href") == url
    assert link.get("rel") == "noopener noreferrer"


@pytest.mark.parametrize("url", ["https://example.org/fig.png", "/media/fig.png", "fig.png"])
def test_safe_images_survive(url):
    (image,) = _find(render_markdown(f'Inline ![A figure]({url} "Figure 1")'), "img")
    assert (image.get("src"), image.get("alt"), image.get("title")) == (url, "A figure", "Figure 1")


def test_javascript_link_is_not_a_link_but_keeps_its_text():
    output = render_markdown("[read this](javascript:alert(1))")
    assert _find(output, "a") == []
    assert "read this" in output


def test_chinese_text_passes_through_unchanged():
    text = "研究表明，睡眠不足会影响记忆力。"
    assert render_markdown(text) == f"<p>{text}</p>"


def test_whitespace_only_text_renders_empty():
    assert render_markdown("") == ""
    assert render_markdown(" \n\t\n") == ""


def test_renders_share_no_state():
    text = "A[^1] and B[^2].\n\n[^1]: one\n[^2]: two\n\n# Title"
    first = render_markdown(text)
    assert render_markdown(text) == first
    assert render_markdown("# Title") == '<h1 id="title">Title</h1>'  # not "title_1"


def test_concurrent_renders_match_sequential_renders():
    texts = [f"# Part {i}\n\nText[^n{i}] with *emphasis*.\n\n[^n{i}]: Note {i}." for i in range(16)]
    expected = [render_markdown(text) for text in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(render_markdown, texts * 4)) == expected * 4


# --------------------------------------------------------------------------------------------
# Size and complexity limits.
# --------------------------------------------------------------------------------------------

# Texts that are slow for some Markdown engines (devtools.markdown_bench.BOMBS, timed by
# ``manage.py bench_markdown``). Each is rendered or refused, those refused with words that
# name the problem. The bound, in this process's CPU time, only catches a blow-up (a bomb
# took 10-40 s before the limits); speed is measured by the benchmark, not here.
BLOW_UP_SECONDS = 10.0
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
RENDERED_QUICKLY = [
    ("asterisks", "*" * 10_000),
    ("backticks", "`" * 10_000),
    ("charref-starts", "&#" * 10_000),
    ("ampersands", "&" * 10_000),
    ("nested-quotes-20", ">" * MAX_NESTING_DEPTH + " x"),
    ("deep-but-allowed-list", "".join("    " * d + "- x\n" for d in range(MAX_NESTING_DEPTH))),
]


@pytest.mark.parametrize(("name", "text"), BOMBS, ids=[name for name, _ in BOMBS])
def test_costly_input_is_rendered_safely_or_refused_quickly_naming_the_problem(name, text):
    start = time.process_time()
    try:
        output = render_markdown(text)
    except MarkdownError as refused:
        assert name in REFUSAL_REASONS, f"{name} refused: {refused}"
        assert re.search(REFUSAL_REASONS[name], str(refused)), str(refused)
    else:
        assert name not in REFUSAL_REASONS, f"{name} was rendered"
        assert_safe_html(output)
    assert time.process_time() - start < BLOW_UP_SECONDS


def test_deep_nesting_is_refused_rather_than_losing_the_text_after_it():
    with pytest.raises(MarkdownError, match="nested more than"):
        render_markdown("- " * 40 + "item\n\nThe conclusion.")


@pytest.mark.parametrize(
    "text", [text for _, text in RENDERED_QUICKLY], ids=[case_id for case_id, _ in RENDERED_QUICKLY]
)
def test_harmless_odd_input_renders_without_blowing_up(text):
    start = time.process_time()
    output = render_markdown(text)
    assert time.process_time() - start < BLOW_UP_SECONDS
    assert_safe_html(output)


def test_text_over_the_length_limit_is_refused_with_the_limit_in_the_message():
    with pytest.raises(MarkdownError, match=f"{MAX_MARKDOWN_LENGTH:,}"):
        validate_markdown("a" * (MAX_MARKDOWN_LENGTH + 1))
    validate_markdown("a" * MAX_MARKDOWN_LENGTH)


def test_lone_surrogate_is_refused_not_crashed_on():
    with pytest.raises(MarkdownError, match="U\\+D800"):
        render_markdown("text \ud800 more")


def test_non_string_is_a_type_error():
    with pytest.raises(TypeError):
        validate_markdown(None)  # type: ignore[arg-type]


def test_long_normal_article_is_accepted_and_renders_without_blowing_up():
    article = _article(50_000)
    start = time.process_time()
    output = render_markdown(article)
    assert time.process_time() - start < BLOW_UP_SECONDS
    assert_safe_html(output)
    assert len(_find(output, "table")) >= 5
    assert any(code.get("class") == "language-python" for code in _find(output, "code"))


def test_maximum_length_article_is_accepted():
    validate_markdown(_article(MAX_MARKDOWN_LENGTH - 5_000))


def test_long_block_of_link_definitions_is_accepted():
    definitions = "".join(
        f'[r{i}]: https://example.org/paper/{i} "Paper {i}"\n' for i in range(600)
    )
    validate_markdown("See [the first paper][r0].\n\n" + definitions)


def test_recursion_error_in_the_renderer_becomes_a_markdown_error(monkeypatch):
    def overflow(self, source, env=None):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(MarkdownIt, "parse", overflow)
    with pytest.raises(MarkdownError, match="nested too deeply"):
        render_markdown("- a")


def test_unexpected_renderer_failure_becomes_a_markdown_error(monkeypatch):
    def broken(self, source, env=None):
        raise IndexError("list index out of range")

    monkeypatch.setattr(MarkdownIt, "parse", broken)
    with pytest.raises(MarkdownError, match="could not be rendered"):
        render_markdown("a")


def test_no_other_exception_escapes_for_random_hostile_text():
    pieces = [
        "[", "]", "(", ")", "![", "<a ", "<", ">", "`", "```", "~~~", "\n", "\n\n", "    ",
        "- ", "> ", "1. ", "*", "_", "&#", "\\", '"', "'", "=", "[^1]", "[^1]: ", "# ", "---",
        "|", "<!--", "<?", "</div>", "<div>", "x", "{", "hl_lines=", "\t", "\x00", "\ud800",
        "\u202e", "中",
    ]  # fmt: skip
    rng = random.Random(20250101)
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 60)))
        try:
            output = render_markdown(text * rng.choice([1, 3, 50]))
        except MarkdownError:
            continue
        assert_safe_html(output)


def _article(size: int) -> str:
    """Ordinary prose with links, emphasis, code, tables, lists, quotes and footnotes."""
    rng = random.Random(7)
    words = (
        "the of and to in is that for it as with was on results model data study analysis "
        "sample effect protein cells method significant observed evidence review 研究"
    ).split()

    def prose(count: int) -> str:
        return " ".join(rng.choice(words) for _ in range(count))

    parts = []
    section = 0
    while sum(len(part) + 2 for part in parts) < size:
        section += 1
        parts.append(f"## Section {section}: {prose(4)}")
        parts.append(
            f"{prose(40)} [a source](https://example.org/paper/{section}?id={section}&v=2) "
            f"{prose(20)} *{prose(2)}* and **{prose(2)}** with `value_{section}` "
            f"{prose(30)}[^n{section}] see [figure](#fig-{section})."
        )
        parts.append(f"[^n{section}]: {prose(12)} <https://doi.org/10.1000/{section}>.")
        if section % 3 == 0:
            rows = "\n".join(
                f"| {prose(2)} | {rng.random():.3f} | *{prose(1)}* |" for _ in range(8)
            )
            parts.append("| Name | Value | Note |\n|:-----|------:|:----:|\n" + rows)
        if section % 4 == 0:
            code = "\n".join(
                f"x_{k} = compute(data[{k}], alpha=0.{k})  # {prose(3)}" for k in range(12)
            )
            parts.append(f"```python\n{code}\n```")
        if section % 5 == 0:
            parts.append("\n".join(f"- {prose(8)} [link](/page/{k})" for k in range(5)))
            parts.append(f"> {prose(30)}\n> {prose(20)}")
            parts.append(f'![Figure {section}](/media/fig{section}.png "Figure {section}")')
    return "\n\n".join(parts)
