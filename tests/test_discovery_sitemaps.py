"""Sitemaps for search engines: an index with one absolute sitemap per language, each public
page listed once, reciprocal hreflang alternates.
"""

import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.contrib.sitemaps import Sitemap
from django.template.loader import render_to_string

from cms.absolute import absolute_url, site_url
from cms.pages.sitemaps import render_sitemap
from cms.sitemaps import SitemapContent, live_content
from tests.factories import make_entry
from tests.support import discovery as shared
from tests.support.discovery import SITE, SITEMAP_NS, parse

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/discovery.py for the modules that share them.
content = shared.content


class TestSitemaps:
    def sitemap_locations(self, client, language):
        root = ElementTree.fromstring(parse(client, f"/sitemap-{language}.xml").content)
        assert root.tag == f"{{{SITEMAP_NS['s']}}}urlset"
        return root

    def test_index_lists_one_absolute_sitemap_per_language(self, client, content):
        root = ElementTree.fromstring(parse(client, "/sitemap.xml").content)
        assert root.tag == f"{{{SITEMAP_NS['s']}}}sitemapindex"
        locations = [loc.text for loc in root.findall("s:sitemap/s:loc", SITEMAP_NS)]
        assert locations == [
            "https://digest.example.org/sitemap-en.xml",
            "https://digest.example.org/sitemap-zh-hans.xml",
        ]

    @pytest.mark.parametrize("language", ["en", "zh-hans"])
    def test_each_public_page_is_listed_once_with_a_valid_structure(
        self, client, content, language
    ):
        root = self.sitemap_locations(client, language)
        urls = root.findall("s:url", SITEMAP_NS)
        locations = [url.find("s:loc", SITEMAP_NS).text for url in urls]
        assert len(locations) == len(set(locations))
        assert f"https://digest.example.org/{language}/entries/graphene/" in locations
        assert f"https://digest.example.org/{language}/topics/physics/" in locations
        assert not any("canary" in location for location in locations)
        for url in urls:
            assert {child.tag.split("}")[1] for child in url} <= {
                "loc",
                "lastmod",
                "changefreq",
                "priority",
                "link",
            }
            lastmod = url.find("s:lastmod", SITEMAP_NS)
            if lastmod is not None:
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", lastmod.text)

    def test_entries_are_listed_in_pages_that_the_index_names(self, client, content, settings):
        settings.CMS_SITEMAP_PAGE_SIZE = 2
        listed = [make_entry(f"Listed {n}", slug=f"listed-{n}") for n in range(4)]
        root = ElementTree.fromstring(parse(client, "/sitemap.xml").content)
        pages = [loc.text for loc in root.findall("s:sitemap/s:loc", SITEMAP_NS)]
        assert pages == [
            "https://digest.example.org/sitemap-en.xml",
            "https://digest.example.org/sitemap-en-page-2.xml",
            "https://digest.example.org/sitemap-en-page-3.xml",
            "https://digest.example.org/sitemap-zh-hans.xml",
        ]
        by_page = []
        for url in pages[:3]:
            page = ElementTree.fromstring(parse(client, url.removeprefix(SITE)).content)
            by_page.append([loc.text for loc in page.findall("s:url/s:loc", SITEMAP_NS)])
        entries = [f"{SITE}/en/entries/{slug}/" for slug in ["graphene", "listed-0", "listed-1"]]
        assert [loc for loc in by_page[0] if "/entries/" in loc] == entries[:2]
        assert f"{SITE}/en/topics/physics/" in by_page[0]
        assert by_page[1] == entries[2:] + [f"{SITE}/en/entries/{listed[2].slug}/"]
        assert by_page[2] == [f"{SITE}/en/entries/{listed[3].slug}/"]

    @pytest.mark.parametrize(
        "path", ["/sitemap-en-page-2.xml", "/sitemap-en-page-0.xml", "/sitemap-fr.xml"]
    )
    def test_a_sitemap_page_that_does_not_exist_is_404(self, client, content, path):
        assert client.get(path).status_code == 404

    def test_hreflang_alternates_are_reciprocal(self, client, content):
        pairs = set()
        for language in ("en", "zh-hans"):
            for url in self.sitemap_locations(client, language).findall("s:url", SITEMAP_NS):
                loc = url.find("s:loc", SITEMAP_NS).text
                for link in url.findall("x:link", SITEMAP_NS):
                    if link.get("href") != loc:
                        pairs.add((loc, link.get("href")))
        assert pairs
        for source, target in pairs:
            assert (target, source) in pairs


class DjangoSitemap(Sitemap):
    """What ``render_sitemap`` replaced: Django's sitemap over the locations, absolute against
    ``CMS_SITE_URL``, with hreflang alternates, rendered by Django's ``sitemap.xml``."""

    def __init__(self, locations):
        self.locations = locations

    def items(self):
        return self.locations

    def location(self, item):
        return item.path

    def lastmod(self, item):
        return item.lastmod

    def get_protocol(self, protocol=None):
        return urlsplit(site_url()).scheme

    def get_domain(self, site=None):
        parts = urlsplit(site_url())
        return parts.netloc + parts.path.rstrip("/")

    def render(self) -> bytes:
        urls = self.get_urls()
        for url in urls:
            url["alternates"] = [
                {"lang_code": code, "location": absolute_url(path)}
                for code, path in url["item"].alternates
            ]
        return render_to_string("sitemap.xml", {"urlset": urls}).encode()


@pytest.mark.parametrize("base", ["https://digest.example.org", "https://example.org/a&b's/"])
def test_a_sitemap_page_is_written_as_djangos_sitemap_template_writes_it(content, settings, base):
    settings.CMS_SITE_URL = base
    make_entry("Odd <title> & quotes", slug="odd-one")
    for language in ("en", "zh-hans"):
        page = live_content(language)
        assert any(location.alternates for location in page.locations())
        assert render_sitemap(page) == DjangoSitemap(page.locations()).render()
    empty = SitemapContent("en", 2, [], {})
    assert render_sitemap(empty) == DjangoSitemap([]).render()
