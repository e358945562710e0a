"""Languages as readers' tools see them: every page's hreflang links match the sitemap's, the
front door is the x-default, and the Chinese interface shows no untranslated English.
"""

import re
from xml.etree import ElementTree

import html5lib
import pytest

from tests.factories import make_entry, make_topic
from tests.support import discovery as shared
from tests.support.discovery import SITE, SITEMAP_NS, parse

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/discovery.py for the modules that share them.
content = shared.content


ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
ALLOWED_LATIN = {"Digest", "Atom", "English", "DOI", "Mara", "Lindqvist", "Novoselov", "Geim"}
ALLOWED_LATIN |= {"Graphene", "https", "doi", "org", "science"}


def visible_text(html: bytes) -> str:
    document = html5lib.parse(html, namespaceHTMLElements=False)
    body = document.find("body")
    for hidden in body.iter("script"):
        hidden.text = ""
    return " ".join(body.itertext())


@pytest.mark.parametrize(
    "url",
    [
        "/zh-hans/",
        "/zh-hans/entries/graphene/",
        "/zh-hans/topics/physics/",
        "/zh-hans/topics/",
        "/zh-hans/archive/",
        "/zh-hans/missing/",
    ],
)
def test_chinese_interface_shows_no_untranslated_english(client, content, url):
    text = visible_text(client.get(url).content)
    leftovers = set(ENGLISH_WORD.findall(text)) - ALLOWED_LATIN
    assert not leftovers, leftovers


class TestLanguageAlternates:
    """hreflang in the pages' HTML wherever the sitemap lists alternates."""

    def head_alternates(self, client, url):
        head = html5lib.parse(parse(client, url).content, namespaceHTMLElements=False).find("head")
        return {
            link.get("hreflang"): link.get("href")
            for link in head.iter("link")
            if link.get("rel") == "alternate" and link.get("hreflang")
        }

    def sitemap_alternates(self, client):
        found = {}
        for language in ("en", "zh-hans"):
            root = ElementTree.fromstring(parse(client, f"/sitemap-{language}.xml").content)
            for url in root.findall("s:url", SITEMAP_NS):
                links = url.findall("x:link", SITEMAP_NS)
                found[url.find("s:loc", SITEMAP_NS).text] = {
                    link.get("hreflang"): link.get("href") for link in links
                }
        return found

    def test_every_page_with_sitemap_alternates_has_the_same_hreflang_links(self, client, content):
        listed = self.sitemap_alternates(client)
        with_alternates = {loc: links for loc, links in listed.items() if links}
        assert f"{SITE}/en/" in with_alternates
        assert f"{SITE}/en/topics/physics/" in with_alternates
        for loc, links in with_alternates.items():
            assert self.head_alternates(client, loc.removeprefix(SITE)) == links, loc

    def test_front_door_is_listed_as_the_x_default_of_the_language_homes(self, client, content):
        listed = self.sitemap_alternates(client)
        assert f"{SITE}/" in listed
        assert listed[f"{SITE}/en/"]["x-default"] == f"{SITE}/"
        assert self.head_alternates(client, "/")["zh-hans"] == f"{SITE}/zh-hans/"

    def test_topic_in_one_language_only_has_no_alternates(self, client, content):
        make_entry("Acids", slug="acids", topics=[make_topic("acids", "Acids")])
        assert self.head_alternates(client, "/en/topics/acids/") == {}
        assert self.sitemap_alternates(client)[f"{SITE}/en/topics/acids/"] == {}
