"""Which entries a query asks for, and what it loads with them: the public ones
(``cms.publishing``), whole language families, and what cards and lists show."""

from django.db import models

from cms.models.bylines import byline_prefetch
from cms.publishing import public_entry_filter


class EntryQuerySet(models.QuerySet):
    def published(self, now=None):
        """Entries the public may see now; see ``cms.publishing``."""
        return self.filter(public_entry_filter(now))

    def families(self, original_ids):
        """The entries with ids ``original_ids`` and their translations: whole language families.

        On ``published()``, the versions of an entry a reader may be offered.
        """
        return self.filter(
            models.Q(pk__in=original_ids) | models.Q(translation_of_id__in=original_ids)
        )

    def with_topics_and_byline(self):
        """Topics (by slug) and byline (by account id, ``byline_prefetch``) prefetched, so
        every page, feed and API document that shows an entry lists them in one order."""
        return self.prefetch_related("topics", byline_prefetch())

    def for_listing(self):
        """What cards and lists show, loaded in a fixed number of queries."""
        return self.select_related("paper").with_topics_and_byline().defer("body", "body_html")
