"""Finding links: every URL-bearing place in HTML, CSS, XML, JSON and robots.txt, nothing else."""

import json

import pytest

from cms.exceptions import ExportError
from cms.export.html_links import html_refs
from cms.export.links import (
    Links,
    Processed,
    css_refs,
    process,
    rewrite_html,
    rewrite_json,
    url_key,
    xml_urls,
)
from cms.export.target import ExportTarget

PAGE = """<!doctype html>
<html><head>
<link rel="canonical" href="https://example.org/en/">
<link rel="stylesheet" href="/static/site.css">
<meta http-equiv="refresh" content="5; url=/en/next/">
<meta property="og:image" content="https://example.org/media/card.png">
<meta name="description" content="/not/a/link/">
<script src="/static/app.js"></script>
<script>var x = "<a href='/in/script/'>";</script>
<style>body { background: url("/static/bg.png"); }</style>
</head><body>
<!-- <a href="/in/comment/">commented out</a> -->
<p>Text mentioning /in/text/ is not a link.</p>
<a href="/en/entries/a/?x=1&amp;y=2">A</a>
<img src="/media/a.png" srcset="/media/a-2x.png 2x, /media/a-3x.png 3x" alt="">
<picture><source srcset="/media/b.webp"></picture>
<video poster="/media/poster.jpg" src="/media/v.mp4"></video>
<p style="background-image:url('/static/dot.png')">styled</p>
<a>no href</a>
</body></html>
"""


def recorder():
    """Stands in for ``links.Links``: notes every URL it is given and respells none."""
    seen = []
    return seen, lambda raw, keep_absolute=False: seen.append(raw)


def urls_of(text):
    seen, record = recorder()
    rewrite_html(text, record)
    return seen


def test_html_links_are_found_in_every_url_attribute():
    assert urls_of(PAGE) == [
        "https://example.org/en/",
        "/static/site.css",
        "/en/next/",
        "https://example.org/media/card.png",
        "/static/app.js",
        "/static/bg.png",
        "/en/entries/a/?x=1&y=2",
        "/media/a.png",
        "/media/a-2x.png",
        "/media/a-3x.png",
        "/media/b.webp",
        "/media/poster.jpg",
        "/media/v.mp4",
        "/static/dot.png",
    ]


def test_comments_script_bodies_text_and_plain_meta_are_not_links():
    found = urls_of(PAGE)
    for not_a_link in ("/in/comment/", "/in/script/", "/in/text/", "/not/a/link/"):
        assert not_a_link not in found


def test_each_ref_spans_exactly_its_raw_value():
    for ref in html_refs(PAGE):
        raw = PAGE[ref.start : ref.end]
        if ref.encoded:
            assert raw[0] == raw[-1] == '"' or raw[0] == raw[-1] == "'"
        assert ref.value.split("&")[0].split(" ")[0][:8] in raw.replace("&amp;", "&")


def test_canonical_and_opengraph_are_marked_to_stay_absolute():
    kept = [ref.value for ref in html_refs(PAGE) if ref.keep_absolute]
    assert kept == ["https://example.org/en/", "https://example.org/media/card.png"]


def test_unquoted_and_single_quoted_attributes_are_read():
    refs = html_refs("<a href=/en/ title=x>a</a><a href='/zh-hans/'>b</a>")
    assert [ref.value for ref in refs] == ["/en/", "/zh-hans/"]


def test_css_urls_and_imports_are_found_outside_comments():
    css = """@import "base.css";
    /* url(/commented.png) */
    .a { background: url(img/a.png) }
    .b { background: url( '/static/b.png' ) }
    .c { background: url("data:image/png;base64,AAAA") }"""
    assert [ref.value for ref in css_refs(css)] == ["base.css", "img/a.png", "/static/b.png"]


def test_sitemap_locations_and_alternates_are_found():
    xml = b"""<?xml version="1.0" encoding="UTF-8"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
            xmlns:xhtml="http://www.w3.org/1999/xhtml">
      <url><loc>https://example.org/en/</loc>
        <xhtml:link rel="alternate" hreflang="zh-hans" href="https://example.org/zh-hans/"/>
      </url>
    </urlset>"""
    assert xml_urls(xml) == ["https://example.org/en/", "https://example.org/zh-hans/"]


def test_atom_feed_links_are_found():
    xml = b"""<feed xmlns="http://www.w3.org/2005/Atom"><link href="https://example.org/en/"/>
    <entry><link href="https://example.org/en/entries/a/" rel="alternate"/></entry></feed>"""
    assert xml_urls(xml) == ["https://example.org/en/", "https://example.org/en/entries/a/"]


def test_malformed_xml_fails_the_export():
    with pytest.raises(ExportError, match="XML"):
        xml_urls(b"<urlset><loc>")


def test_json_url_fields_are_found_at_any_depth():
    data = {
        "url": "/api/v1/index.json",
        "next": "/api/v1/entries/page/2.json",
        "previous": None,
        "results": [{"url": "/api/v1/entries/a.json", "title": "/not/a/link/"}],
        "meta": {"source_url": "https://arxiv.org/abs/1"},
    }
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    seen, record = recorder()
    assert rewrite_json(body, record, check=True) is body
    assert sorted(seen) == [
        "/api/v1/entries/a.json",
        "/api/v1/entries/page/2.json",
        "/api/v1/index.json",
        "https://arxiv.org/abs/1",
    ]


# Escaped slashes and unicode escapes, quotes and backslashes before keys, a URL key in a
# list, an object and a list under URL keys, a ``*_url`` key holding null, and look-alikes.
TRICKY_JSON = (
    rb'{"url":"https:\/\/example.org\/digest\/api\/v1\/a.json","next":"\/api\/v1\/p\/2.json",'
    rb'"previous":null,"title":"caf\u00e9 \"url\":\"\/not\/a\/link\/\" \\","results":['
    rb'{"url":"/en/entries/caf\u00e9/","source_url":null,"api_url":"/api/v1/x.json#top",'
    rb'"a\"url":"/not/either/","xurl":"/nor/this/","href":"/en/?page=2"},'
    rb'[{"code_url":"\u002fen\u002ftopics\u002f"}]],"url_list":["/no/"],'
    rb'"href" : "/media/a b.png","next_url":{"url":"/en/authors/"},"meta":{"url":["/no/"]}}'
)
TRICKY_LINKS = (
    "/api/v1/a.json",
    "/api/v1/p/2.json",
    "/api/v1/x.json",
    "/en/?page=2",
    "/en/authors/",
    "/en/entries/caf%C3%A9/",
    "/en/topics/",
    "/media/a%20b.png",
)


def process_json_as_before(body, path, target):
    """The parse-and-walk the export used before ``json_strings``: the oracle."""
    links = Links(target, path, rewrite=True)

    def visit(data):
        changed = False
        items = data.items() if isinstance(data, dict) else enumerate(data)
        for key, value in items:
            if isinstance(value, str) and isinstance(key, str) and url_key(key):
                new = links(value, True)
                if new is not None:
                    data[key], changed = new, True
            elif isinstance(value, (dict, list)) and visit(value):
                changed = True
        return changed

    data = json.loads(body)
    if visit(data):
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return Processed(body, tuple(sorted(links.found)))


@pytest.mark.parametrize(
    ("base", "relative"),
    [
        ("https://example.org/", False),
        ("https://example.org/digest/", False),
        ("https://example.org/digest/", True),
    ],
)
def test_escaped_and_nested_json_links_are_found_and_respelled_as_before(base, relative):
    target = ExportTarget(base_url=base, relative=relative)
    processed = process(TRICKY_JSON, "application/json", "/api/v1/en/index.json", target)
    before = process_json_as_before(TRICKY_JSON, "/api/v1/en/index.json", target)
    assert processed == before
    if base == "https://example.org/":
        assert processed.body is TRICKY_JSON
    else:
        assert processed.links == TRICKY_LINKS
        respelled = "https://example.org/digest/en/topics/" if relative else "/digest/en/topics/"
        assert f'"code_url":"{respelled}"'.encode() in processed.body


def test_json_from_the_request_cycle_must_parse_and_the_exports_own_is_trusted():
    target = ExportTarget(base_url="https://example.org/")
    broken = b'{"url":"/en/",'
    with pytest.raises(ExportError, match="JSON"):
        process(broken, "application/json", "/api/v1/x.json", target)
    assert process(broken, "application/json", "/api/v1/x.json", target, own=True).links == (
        "/en/",
    )


def test_robots_txt_sitemap_lines_are_links():
    text = "User-agent: *\nDisallow: /admin/\nSitemap: https://example.org/sitemap.xml\n"
    target = ExportTarget(base_url="https://example.org/")
    assert process(text.encode(), "text/plain", "/robots.txt", target).links == ("/sitemap.xml",)
