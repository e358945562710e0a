"""Rewriting links for a sub-path or for relative use, on parsed markup, touching nothing else."""

import json
import posixpath
from urllib.parse import unquote

from cms.export.links import process
from cms.export.paths import url_to_path
from cms.export.target import ExportTarget

HTML = "text/html; charset=utf-8"
PAGE = """<!doctype html><html><head>
<link rel="canonical" href="https://example.org/digest/en/entries/a/">
<link rel="alternate" hreflang="zh-hans" href="/zh-hans/entries/a/">
<link rel="stylesheet" href="/static/site.css">
<meta property="og:url" content="https://example.org/digest/en/entries/a/">
</head><body>
<a href="/en/">Home</a> <a href="../b/#part">B</a> <a href="#main">Skip</a>
<a href="https://example.org/digest/en/topics/">Topics</a>
<a href="https://arxiv.org/abs/1">Paper</a> <a href="mailto:team@example.org">Mail</a>
<img src="/media/a.png" srcset="/media/a.png 1x, /media/a-2x.png 2x" alt="">
<p style="background:url('/static/dot.png')">x</p>
<a href="/en/?page=2">Query</a>
</body></html>"""


def target(base="https://example.org/digest/", relative=False):
    return ExportTarget(base_url=base, relative=relative)


def rewrite(page=PAGE, path="/en/entries/a/", **options):
    return process(page.encode(), HTML, path, target(**options)).body.decode()


def test_site_at_the_domain_root_is_written_byte_for_byte():
    body = PAGE.encode()
    assert process(body, HTML, "/en/entries/a/", target("https://example.org/")).body is body


def test_root_relative_links_get_the_base_path():
    page = rewrite()
    assert '<a href="/digest/en/">Home</a>' in page
    assert 'href="/digest/static/site.css"' in page
    assert 'srcset="/digest/media/a.png 1x, /digest/media/a-2x.png 2x"' in page
    assert "url('/digest/static/dot.png')" in page


def test_prefixing_leaves_absolute_relative_and_external_links_alone():
    page = rewrite()
    assert 'href="https://example.org/digest/en/entries/a/"' in page
    assert 'href="../b/#part"' in page
    assert 'href="#main"' in page
    assert 'href="https://arxiv.org/abs/1"' in page
    assert 'href="mailto:team@example.org"' in page


def test_only_the_link_values_change():
    original, page = PAGE, rewrite()
    assert page.replace("/digest/", "/") == original.replace("/digest/", "/")


def test_relative_mode_links_files_from_the_page_folder():
    page = rewrite(relative=True)
    assert '<a href="../../index.html">Home</a>' in page
    assert 'href="../b/index.html#part"' in page
    assert 'href="../../topics/index.html"' in page
    assert 'href="../../../static/site.css"' in page
    assert 'src="../../../media/a.png"' in page
    assert 'srcset="../../../media/a.png 1x, ../../../media/a-2x.png 2x"' in page


def test_relative_mode_keeps_canonical_alternate_and_opengraph_absolute():
    page = rewrite(relative=True)
    assert '<link rel="canonical" href="https://example.org/digest/en/entries/a/">' in page
    assert 'hreflang="zh-hans" href="https://example.org/digest/zh-hans/entries/a/"' in page
    assert 'content="https://example.org/digest/en/entries/a/"' in page


def test_links_with_a_query_string_are_not_rewritten_but_reported():
    processed = process(PAGE.encode(), HTML, "/en/entries/a/", target(relative=True))
    assert 'href="/en/?page=2"' in processed.body.decode()
    assert "/en/?page=2" in processed.links


def test_relative_links_from_the_root_page():
    page = rewrite('<a href="/en/">x</a><a href="/">y</a>', path="/", relative=True)
    assert page == '<a href="en/index.html">x</a><a href="index.html">y</a>'


def test_the_404_page_keeps_root_relative_links_because_hosts_serve_it_at_any_depth():
    page = rewrite('<a href="/en/">x</a>', path="/404.html", relative=True)
    assert page == '<a href="/digest/en/">x</a>'


def test_meta_refresh_target_is_rewritten_and_its_delay_kept():
    page = rewrite('<meta http-equiv="refresh" content="0; url=/en/">', path="/en/page/1/")
    assert page == '<meta http-equiv="refresh" content="0; url=/digest/en/">'


def test_rewritten_values_are_html_escaped():
    page = rewrite("<a href='/a&amp;b/'>x</a>", path="/")
    assert page == '<a href="/digest/a&amp;b/">x</a>'


def test_json_url_fields_are_prefixed_never_made_relative():
    body = json.dumps({"url": "/api/v1/a.json", "next": None, "title": "/x/"}).encode()
    processed = process(body, "application/json", "/api/v1/index.json", target(relative=True))
    data = json.loads(processed.body)
    assert data["url"] == "https://example.org/digest/api/v1/a.json"
    assert data["title"] == "/x/"


def test_stylesheet_urls_follow_the_same_rules():
    css = b".a { background: url(/static/a.png) } .b { background: url(b.png) }"
    prefixed = process(css, "text/css", "/static/cms/site.css", target()).body
    assert prefixed == b".a { background: url(/digest/static/a.png) } .b { background: url(b.png) }"
    relative = process(css, "text/css", "/static/cms/site.css", target(relative=True)).body
    assert relative == b".a { background: url(../a.png) } .b { background: url(b.png) }"


def test_sitemaps_and_feeds_are_not_rewritten():
    xml = b"<urlset><url><loc>https://example.org/digest/en/</loc></url></urlset>"
    processed = process(xml, "application/xml", "/sitemap.xml", target(relative=True))
    assert processed.body is xml
    assert processed.links == ("/en/",)


def test_relative_links_lead_from_any_page_to_the_linked_file():
    pages = ["/", "/en/", "/en/entries/a/", "/static/cms/site.css", "/en/authors/%E6%9D%8E/"]
    links = ["/", "/en/", "/en/entries/a/", "/en/entries/b/", "/media/a.png", "/zh-hans/feed.xml"]
    links.append("/en/authors/%E6%9D%8E/")
    for page in pages:
        for link in links:
            html = f'<a href="{link}">x</a>'
            written = rewrite(html, path=page, relative=True)[9:-7]
            folder = posixpath.dirname(url_to_path(page))
            assert posixpath.normpath(posixpath.join(folder, unquote(written))) == url_to_path(link)
