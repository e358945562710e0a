"""Page heads for search engines and link previews: description, canonical, Open Graph,
Twitter, JSON-LD that describes the paper and that a title cannot break out of, hreflang.
"""

import json

import html5lib
import pytest

from cms.templatetags.cms_tags import script_json
from tests.factories import make_entry
from tests.support import discovery as shared
from tests.support.discovery import parse

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/discovery.py for the modules that share them.
content = shared.content


class TestPageHeads:
    def head(self, client, url):
        document = html5lib.parse(parse(client, url).content, namespaceHTMLElements=False)
        return document.find("head")

    def test_entry_head_has_description_canonical_opengraph_and_twitter(self, client, content):
        head = self.head(client, "/en/entries/graphene/")
        metas = {
            (meta.get("property") or meta.get("name")): meta.get("content")
            for meta in head.iter("meta")
        }
        assert metas["description"] == "Thin carbon."
        assert metas["og:title"] == "Graphene"
        assert metas["og:type"] == "article"
        assert metas["og:url"] == "https://digest.example.org/en/entries/graphene/"
        assert metas["twitter:card"] == "summary"
        canonical = [link for link in head.iter("link") if link.get("rel") == "canonical"]
        assert canonical[0].get("href") == "https://digest.example.org/en/entries/graphene/"

    def test_entry_json_ld_describes_the_paper(self, client, content):
        head = self.head(client, "/zh-hans/entries/graphene/")
        script = next(s for s in head.iter("script") if s.get("type") == "application/ld+json")
        data = json.loads(script.text)
        assert data["about"]["@type"] == "ScholarlyArticle"
        assert [a["name"] for a in data["about"]["author"]] == ["K. S. Novoselov", "A. K. Geim"]
        assert data["about"]["identifier"] == ["doi:10.1126/science.1102896"]
        assert data["translator"] == {"@type": "Person", "name": "李伟"}
        assert data["translationOfWork"]["@id"].endswith("/en/entries/graphene/")

    def test_a_title_cannot_break_out_of_the_json_ld_block(self, client):
        make_entry("</script><script>alert(1)</script>", slug="evil")
        body = parse(client, "/en/entries/evil/").content.decode()
        assert "<script>alert(1)" not in body
        assert "\\u003C/script\\u003E" in body

    def test_json_ld_escapes_markup_characters_beside_non_ascii_text(self):
        payload = script_json({"headline": "石墨烯 <b> & </script>"})
        assert payload == '{"headline": "石墨烯 \\u003Cb\\u003E \\u0026 \\u003C/script\\u003E"}'
        assert json.loads(payload) == {"headline": "石墨烯 <b> & </script>"}

    def test_entry_hreflang_links_are_reciprocal_with_x_default(self, client, content):
        def alternates(url):
            return {
                link.get("hreflang"): link.get("href")
                for link in self.head(client, url).iter("link")
                if link.get("rel") == "alternate" and link.get("hreflang")
            }

        english = alternates("/en/entries/graphene/")
        chinese = alternates("/zh-hans/entries/graphene/")
        assert english == chinese
        assert english["x-default"] == english["en"]
        assert english["zh-hans"] == "https://digest.example.org/zh-hans/entries/graphene/"
