"""Shared by tests/test_export_incremental_*.py: the exported sample site they edit, a topic
rename (an edit that touches many pages) and the lookups an export records.
"""

import pytest

from cms.export.dependencies import (
    result_summary,
)
from cms.models import Entry, Topic
from devtools.sample import generate_content
from tests.factories import export_with_spare


@pytest.fixture
def exported(tmp_path):
    generate_content(18)
    return export_with_spare(tmp_path / "site")


def rename_topic():
    topic = Topic.objects.get(slug="topic-2")
    topic.name = "Renamed topic"
    topic.names = {"zh-hans": "改名的主题"}
    topic.save()


def recorded_lookups(slugs):
    """An entry-page-like query per slug: one statement, one parameter list each."""
    recorded = {}
    for slug in slugs:
        lookup = Entry.objects.filter(slug=slug).values_list("slug", "title", "publish_at")
        sql, params = lookup.query.sql_with_params()
        recorded[slug] = [sql, list(params), *result_summary(sql, params)]
    return recorded
