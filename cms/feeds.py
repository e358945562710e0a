"""Atom feeds per language and per topic, with full content, built on Django's syndication.

Every link is absolute against ``CMS_SITE_URL`` (Django's feed would use the
request's host), and entries come from ``Entry.objects.published()`` only.
Control characters, which XML 1.0 cannot carry, are left out of everything a
feed says: rows written before they were refused on the way in still hold them.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from cms.absolute import absolute_url, absolute_urls_in_html
from cms.models import Entry, Topic
from cms.validators import strip_control_characters

FEED_LENGTH = 20


class FullContentAtomFeed(Atom1Feed):
    """Atom with the rendered entry body in ``<content type="html">``, in valid XML 1.0."""

    def __init__(self, *args, **kwargs):
        super().__init__(*strip_control_characters(args), **strip_control_characters(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*strip_control_characters(args), **strip_control_characters(kwargs))

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})


class LanguageFeed(Feed):
    feed_type = FullContentAtomFeed

    def title(self, obj=None):
        return f"{settings.CMS_SITE_NAME} · {_('Latest entries')}"

    def subtitle(self, obj=None):
        return _("Short write-ups of research papers, in several languages.")

    def link(self, obj=None):
        return absolute_url(reverse("cms:entry-list"))

    def feed_url(self, obj=None):
        return absolute_url(reverse("cms:feed"))

    def feed_guid(self, obj=None):
        return self.feed_url(obj)

    def entries(self, obj=None):
        return (
            Entry.objects.published()
            .filter(language=get_language())
            .prefetch_related("topics", "authors")
        )

    def items(self, obj=None):
        return self.entries(obj)[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.title

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return max(item.updated_at, item.publish_at)

    def author_name(self, obj=None):
        """The feed's author, which Atom gives to every entry without a byline of its own."""
        return settings.CMS_SITE_NAME

    def item_author_name(self, item):
        names = [author.get_full_name() or author.get_username() for author in item.authors.all()]
        return ", ".join(names) or None

    def item_categories(self, item):
        return [topic.name_in(item.language) for topic in item.topics.all()]

    def item_extra_kwargs(self, item):
        return {"content_html": absolute_urls_in_html(item.body_html)}


class TopicFeed(LanguageFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic.objects.with_public_entries(get_language()), slug=slug)

    def title(self, obj=None):
        return f"{settings.CMS_SITE_NAME} · {obj.name_in(get_language())}"

    def link(self, obj=None):
        return absolute_url(obj.get_absolute_url())

    def feed_url(self, obj=None):
        return absolute_url(reverse("cms:topic-feed", kwargs={"slug": obj.slug}))

    def entries(self, obj=None):
        return super().entries(obj).filter(topics=obj)
