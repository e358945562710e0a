"""What readers' tools and search engines rely on: feeds, sitemaps, heads, redirects, archives."""

import json
import re
from datetime import UTC, datetime
from xml.etree import ElementTree

import feedparser
import html5lib
import pytest

from cms.models import Redirect, TranslationMethod
from cms.publishing import Status
from tests.factories import make_entry, make_topic, make_user, tomorrow

pytestmark = pytest.mark.django_db

SITEMAP_NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}


@pytest.fixture
def content():
    topic = make_topic("physics", "Physics", **{"zh-hans": "物理学"})
    author = make_user("mara", first_name="Mara", last_name="Lindqvist")
    original = make_entry(
        "Graphene",
        slug="graphene",
        topics=[topic],
        authors=[author],
        summary="Thin carbon.",
        paper_authors="K. S. Novoselov\nA. K. Geim",
        doi="10.1126/science.1102896",
        source_url="https://doi.org/10.1126/science.1102896",
        body="Full **body** text.",
    )
    translation = make_entry(
        "石墨烯",
        slug="graphene",
        language="zh-hans",
        translation_of=original,
        topics=[topic],
        translation_method=TranslationMethod.HUMAN,
        translator="李伟",
        authors=[author],
        summary="薄碳膜。",
        body="正文。",
        paper_authors="K. S. Novoselov\nA. K. Geim",
        doi="10.1126/science.1102896",
    )
    make_entry("CANARY draft", slug="canary-draft", status=Status.DRAFT, topics=[topic])
    make_entry("CANARY scheduled", slug="canary-scheduled", publish_at=tomorrow(), topics=[topic])
    return {"topic": topic, "original": original, "translation": translation}


SITE = "https://digest.example.org"


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


class TestFeeds:
    @pytest.mark.parametrize(
        "url", ["/en/feed.xml", "/zh-hans/feed.xml", "/en/topics/physics/feed.xml"]
    )
    def test_feed_parses_cleanly_and_lists_only_published_entries(self, client, content, url):
        feed = feedparser.parse(parse(client, url).content)
        assert not feed.bozo, feed.bozo_exception
        assert feed.version == "atom10"
        titles = [item.title for item in feed.entries]
        assert len(titles) == 1
        assert not any("CANARY" in title for title in titles)

    def test_feed_items_carry_full_content_authors_categories_and_absolute_links(
        self, client, content
    ):
        item = feedparser.parse(parse(client, "/en/feed.xml").content).entries[0]
        assert item.link == "https://digest.example.org/en/entries/graphene/"
        assert "<strong>body</strong>" in item.content[0].value
        assert item.author == "Mara Lindqvist"
        assert [tag.term for tag in item.tags] == ["Physics"]

    def test_chinese_feed_uses_chinese_topic_names(self, client, content):
        item = feedparser.parse(parse(client, "/zh-hans/feed.xml").content).entries[0]
        assert [tag.term for tag in item.tags] == ["物理学"]

    def test_pages_advertise_their_feeds(self, client, content):
        body = parse(client, "/en/topics/physics/").content.decode()
        assert 'type="application/atom+xml"' in body
        assert 'href="/en/topics/physics/feed.xml"' in body
        assert 'href="/en/feed.xml"' in body

    def test_topic_feed_without_entries_in_that_language_is_404(self, client, content):
        make_topic("empty", "Empty")
        assert client.get("/en/topics/empty/feed.xml").status_code == 404


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


class TestRedirects:
    def test_renamed_slug_redirects_permanently_to_the_new_url(self, client, content):
        entry = content["original"]
        entry.slug = "graphene-2004"
        entry.save()
        response = client.get("/en/entries/graphene/")
        assert response.status_code == 301
        assert response["Location"] == "/en/entries/graphene-2004/"

    def test_renaming_twice_sends_both_old_urls_to_the_newest(self, client, content):
        entry = content["original"]
        for slug in ("second", "third"):
            entry.slug = slug
            entry.save()
        assert client.get("/en/entries/graphene/")["Location"] == "/en/entries/third/"
        assert client.get("/en/entries/second/")["Location"] == "/en/entries/third/"

    def test_renaming_back_removes_the_redirect_that_would_shadow_the_entry(self, client, content):
        entry = content["original"]
        entry.slug = "other"
        entry.save()
        entry.slug = "graphene"
        entry.save()
        assert client.get("/en/entries/graphene/").status_code == 200
        assert list(Redirect.objects.values_list("old_path", flat=True)) == ["/en/entries/other/"]

    def test_redirect_to_an_unpublished_entry_stays_a_404(self, client, content):
        entry = content["original"]
        entry.slug = "renamed"
        entry.status = Status.DRAFT
        entry.save()
        assert client.get("/en/entries/graphene/").status_code == 404


class TestArchives:
    def test_archive_lists_months_and_links_to_them(self, client, content):
        entry = content["original"]
        body = parse(client, "/en/archive/").content.decode()
        month_url = f"/en/archive/{entry.publish_at.year}/{entry.publish_at.month}/"
        assert month_url in body
        assert "Graphene" in parse(client, month_url).content.decode()
        assert "Graphene" in parse(client, f"/en/archive/{entry.publish_at.year}/").content.decode()

    def test_empty_or_impossible_periods_are_404(self, client, content):
        assert client.get("/en/archive/1999/").status_code == 404
        assert client.get("/en/archive/2026/13/").status_code == 404
        assert client.get("/en/archive/2026/0/").status_code == 404
        assert client.get("/en/archive/0/").status_code == 404
        assert client.get("/en/archive/99999999/12/").status_code == 404

    def test_months_and_years_follow_the_site_time_zone(self, client, settings):
        settings.TIME_ZONE = "Asia/Shanghai"
        new_year = datetime(2024, 12, 31, 16, 30, tzinfo=UTC)
        make_entry("Fireworks", slug="fireworks", publish_at=new_year)
        assert client.get("/en/archive/2024/12/").status_code == 404
        assert client.get("/en/archive/2024/").status_code == 404
        assert "Fireworks" in parse(client, "/en/archive/2025/1/").content.decode()
        assert "Fireworks" in parse(client, "/en/archive/2025/").content.decode()
        assert "/en/archive/2025/1/" in parse(client, "/en/archive/").content.decode()


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


class TestFeedContent:
    def test_feed_author_is_the_byline_and_the_site_only_without_one(self, client, content):
        make_entry("Anonymous", slug="anonymous")
        feed = feedparser.parse(parse(client, "/en/feed.xml").content)
        authors = {item.title: item.get("author") for item in feed.entries}
        assert authors["Graphene"] == "Mara Lindqvist"
        assert authors["Anonymous"] is None
        assert feed.feed.author == "Digest"

    def test_images_and_links_in_feed_content_are_absolute(self, client, content):
        make_entry(
            "Figures",
            slug="figures",
            body="![A plot](/media/plot.png)\n\nSee [graphene](/en/entries/graphene/).",
        )
        feed = feedparser.parse(parse(client, "/en/feed.xml").content)
        item = next(item for item in feed.entries if item.title == "Figures")
        markup = item.content[0].value
        assert f'src="{SITE}/media/plot.png"' in markup
        assert f'href="{SITE}/en/entries/graphene/"' in markup
        assert 'src="/' not in markup and 'href="/' not in markup
