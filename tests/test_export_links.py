"""Finding links: every URL-bearing place in HTML, CSS, XML, JSON and robots.txt, nothing else."""

import pytest

from cms.exceptions import ExportError
from cms.export.html_links import html_refs
from cms.export.links import css_refs, process, rewrite_html, visit_json, xml_urls
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
    seen, record = recorder()
    assert visit_json(data, record) is False
    assert seen == [
        "/api/v1/index.json",
        "/api/v1/entries/page/2.json",
        "/api/v1/entries/a.json",
        "https://arxiv.org/abs/1",
    ]


def test_robots_txt_sitemap_lines_are_links():
    text = "User-agent: *\nDisallow: /admin/\nSitemap: https://example.org/sitemap.xml\n"
    target = ExportTarget(base_url="https://example.org/")
    assert process(text.encode(), "text/plain", "/robots.txt", target).links == ("/sitemap.xml",)
