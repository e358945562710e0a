"""Which topic an arXiv category files a paper under: the team's table first, then by name.

The table is ``ArxivCategory``, edited in the admin. A category the table
does not have yet is matched to an existing topic: one an earlier import
made for it (by slug), else one whose name in any language is the
category's name, ignoring case, so "Machine Learning" finds the team's
"Machine learning" instead of adding a second topic. Only when neither
exists is a topic created. Either way the category is added to the table,
so the team sees it and can point it elsewhere; a row with no topic keeps
the category as the paper's classification instead.
"""

from __future__ import annotations

from cms.importers.arxiv_categories import CHINESE_NAMES, readable_name
from cms.importers.text import slug_from
from cms.importers.topics import TopicFinder
from cms.languages import language_codes
from cms.models import ArxivCategory, Topic


class CategoryTopics:
    """Looks categories up for one run; rows it adds are rolled back with a failed run."""

    def __init__(self, finder: TopicFinder) -> None:
        self.finder = finder
        self._table: dict[str, ArxivCategory] | None = None

    def _rows(self) -> dict[str, ArxivCategory]:
        if self._table is None:
            rows = ArxivCategory.objects.select_related("topic")
            self._table = {row.code: row for row in rows}
        return self._table

    def topic_for(self, code: str, label: str) -> Topic | None:
        """The category's topic, or ``None`` when the team maps it to no topic."""
        row = self._rows().get(code)
        if row is not None:
            return row.topic
        name = readable_name(code)
        slug = slug_from(code, max_length=80)
        topic = self.finder.find_by_slug(slug) or self.finder.find_by_name(name)
        if topic is None:
            chinese = "zh-hans" in language_codes() and code in CHINESE_NAMES
            names = {"zh-hans": CHINESE_NAMES[code]} if chinese else {}
            topic = self.finder.create(slug, name, names, label)
        row = ArxivCategory.objects.create(code=code, name=name, topic=topic)
        self._rows()[code] = row
        return topic
