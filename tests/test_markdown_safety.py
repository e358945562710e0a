"""cms.markdown renders hostile Markdown as safe HTML: only allow-listed tags,
attributes and URL schemes survive, checked on a parsed DOM. Nothing here needs the database.
"""

from __future__ import annotations

import pytest

from cms.markdown import (
    ALLOWED_TAGS,
    render_markdown,
)
from tests.support.markdown import (
    HOSTILE_IDS,
    HOSTILE_MARKDOWN,
    HOSTILE_TEXTS,
    _elements,
    _find,
    _local_name,
    assert_safe_html,
    unsafe_url_scheme,
)


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
