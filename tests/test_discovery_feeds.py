"""The Atom feeds readers' tools rely on: valid, public entries only, full content with
bylines, categories and absolute links, Chinese topic names, advertised by every page.
"""

import feedparser
import pytest

from tests.factories import make_entry, make_topic
from tests.support import discovery as shared
from tests.support.discovery import SITE, parse

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/discovery.py for the modules that share them.
content = shared.content


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


def test_a_feed_without_entries_is_valid_and_the_same_on_every_request(client):
    """Atom needs an ``<updated>``; an empty feed's must not be the clock, or every export
    would render it again and every publish upload it again."""
    first = client.get("/zh-hans/feed.xml").content
    feed = feedparser.parse(first)
    assert not feed.bozo, feed.bozo_exception
    assert feed.entries == []
    assert feed.feed.updated == "1970-01-01T00:00:00+00:00"
    assert client.get("/zh-hans/feed.xml").content == first
