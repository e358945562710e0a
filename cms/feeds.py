"""The live Atom feeds: each language's newest public entries, and each topic's.

What a feed says is ``cms.pages.feeds`` (the export renders the same
function from rows loaded once); these views only find the entries, in a
fixed number of queries, and answer with a ``Last-Modified`` header so
conditional requests can be answered 304.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import http_date
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from cms.models import Entry, Topic
from cms.pages.feeds import FEED_LENGTH, Prefetched, build_feed, render_feed


@require_safe
def language_feed(request):
    """``/<language>/feed.xml``: the language's newest entries."""
    return _feed(get_language(), None)


@require_safe
def topic_feed(request, slug: str):
    """``/<language>/topics/<slug>/feed.xml``; 404 when no public entry of the language has it."""
    language = get_language()
    topic = get_object_or_404(Topic.objects.with_public_entries(language), slug=slug)
    return _feed(language, topic)


def _feed(language: str, topic: Topic | None) -> HttpResponse:
    entries = Entry.objects.published().filter(language=language)
    if topic is not None:
        entries = entries.filter(topics=topic)
    shown = list(entries.with_topics_and_byline()[:FEED_LENGTH])
    feed = build_feed(language, topic, shown, Prefetched)
    response = HttpResponse(render_feed(feed), content_type=feed.content_type)
    response.headers["Last-Modified"] = http_date(feed.latest_post_date().timestamp())
    return response
