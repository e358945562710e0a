"""The sitemap, built with Django's sitemaps framework from the public content only."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import translation

from cms.absolute import site_url
from cms.models import Entry, Page, Topic


class SiteSitemap(Sitemap):
    """Locations are absolute against ``CMS_SITE_URL``, never the request's host."""

    def get_protocol(self, protocol=None):
        return urlsplit(site_url()).scheme

    def get_domain(self, site=None):
        parts = urlsplit(site_url())
        return parts.netloc + parts.path.rstrip("/")


class LanguageHomeSitemap(SiteSitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return [code for code, _name in settings.LANGUAGES]

    def location(self, item):
        with translation.override(item):
            return reverse("cms:entry-list")


class EntrySitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return Entry.objects.published().only("slug", "language", "updated_at").order_by("id")

    def lastmod(self, item):
        return item.updated_at


class TopicSitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        pairs = []
        for code, _name in settings.LANGUAGES:
            pairs += [(topic, code) for topic in Topic.objects.with_public_entries(code)]
        return pairs

    def location(self, item):
        topic, language = item
        return topic.get_absolute_url(language)


class PageSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Page.objects.public().order_by("language", "slug")


sitemaps = {
    "home": LanguageHomeSitemap,
    "entries": EntrySitemap,
    "topics": TopicSitemap,
    "pages": PageSitemap,
}
