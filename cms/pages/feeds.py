"""The Atom feed kind: ``/<language>/feed.xml`` and ``/<language>/topics/<slug>/feed.xml``.

A feed is the newest ``FEED_LENGTH`` public entries of a language, or of a
topic in that language, with full content, bylines, categories and links
absolute against ``CMS_SITE_URL``. ``render_feed`` builds it from the
entries it is given with Django's Atom generator; the live views
(``cms.feeds``) give it one query's entries and ``FeedPages`` (for the
export) the entries ``EntryPages`` loaded, so the file and the live
response are the same bytes. Control characters, which XML 1.0 cannot
carry, are left out of everything a feed says: rows written before they
were refused on the way in still hold them.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cms.absolute import absolute_url, absolute_urls_in_html
from cms.models import Entry, Topic
from cms.pages.entry import EntryPages
from cms.public_urls import language_home, public_path, topic_path
from cms.validators import strip_control_characters

FEED_LENGTH = 20
NEVER_UPDATED = datetime(1970, 1, 1, tzinfo=UTC)
"""Atom requires an ``<updated>``; a feed that never had an entry has this one."""


class FullContentAtomFeed(Atom1Feed):
    """Atom with the rendered entry body in ``<content type="html">``, in valid XML 1.0.

    A feed without entries says it was last updated at ``NEVER_UPDATED``, where
    Django's generator would read the wall clock: its bytes then change only when
    what it shows does, so an export reuses it and a publish uploads nothing new.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*strip_control_characters(args), **strip_control_characters(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*strip_control_characters(args), **strip_control_characters(kwargs))

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})

    def latest_post_date(self) -> datetime:
        return super().latest_post_date() if self.items else NEVER_UPDATED


CONTENT_TYPE = FullContentAtomFeed.content_type


class Prefetched:
    """An entry's topics and byline as a queryset with ``prefetch_related`` loaded them;
    ``EntryPages`` answers the same two questions from the rows it loaded."""

    @staticmethod
    def topics(entry: Entry) -> list:
        return list(entry.topics.all())

    @staticmethod
    def authors(entry: Entry) -> list:
        return list(entry.authors.all())


def feed_path(language: str, topic: Topic | None) -> str:
    if topic is None:
        return public_path("cms:feed", language)
    return public_path("cms:topic-feed", language, slug=topic.slug)


def build_feed(
    language: str, topic: Topic | None, entries: list[Entry], relations
) -> FullContentAtomFeed:
    """The feed of ``topic`` (None: of the language) showing ``entries``, newest first.

    ``relations`` answers ``topics(entry)`` and ``authors(entry)`` (``Prefetched``
    or ``EntryPages``).
    """
    with translation.override(language):
        name = _("Latest entries") if topic is None else topic.name_in(language)
        feed_url = absolute_url(feed_path(language, topic))
        feed = FullContentAtomFeed(
            title=f"{settings.CMS_SITE_NAME} · {name}",
            subtitle=_("Short write-ups of research papers, in several languages."),
            link=absolute_url(
                language_home(language) if topic is None else topic_path(topic.slug, language)
            ),
            description=None,
            language=language,
            feed_url=feed_url,
            author_name=settings.CMS_SITE_NAME,
            feed_guid=feed_url,
        )
    for entry in entries:
        link = absolute_url(entry.get_absolute_url())
        byline = [
            author.get_full_name() or author.get_username() for author in relations.authors(entry)
        ]
        feed.add_item(
            title=entry.title,
            link=link,
            description=entry.summary or entry.title,
            unique_id=link,
            pubdate=entry.publish_at,
            updateddate=max(entry.updated_at, entry.publish_at),
            author_name=", ".join(byline) or None,
            categories=[topic.name_in(entry.language) for topic in relations.topics(entry)],
            content_html=absolute_urls_in_html(entry.body_html),
        )
    return feed


def render_feed(feed: FullContentAtomFeed) -> bytes:
    return feed.writeString("utf-8").encode()


@dataclass(frozen=True)
class Feed:
    """One feed: its language, its topic (None: the language's feed) and what it shows."""

    language: str
    topic: Topic | None
    entries: list[Entry]


class FeedPages:
    """Every feed of the site, from the entries ``EntryPages`` loaded: each language's, and
    each topic's in every language that has public entries of it."""

    def __init__(self, entries: EntryPages) -> None:
        self.entries = entries

    def urls(self) -> Iterator[tuple[str, Feed]]:
        for language, _name in settings.LANGUAGES:
            newest = self.entries.newest(language, FEED_LENGTH)
            yield feed_path(language, None), Feed(language, None, newest)
            for topic, entries in self.entries.topics_in(language):
                feed = Feed(language, topic, entries[:FEED_LENGTH])
                yield feed_path(language, topic), feed

    def render(self, feed: Feed) -> bytes:
        built = build_feed(feed.language, feed.topic, feed.entries, self.entries)
        return render_feed(built)
