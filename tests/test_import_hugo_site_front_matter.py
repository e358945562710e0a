"""Hugo front matter on import: dates with their zones, drafts, tags as topics, authors, and the
fields the CMS has no place for reported.
"""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from cms.importers.markdown_files import import_markdown
from cms.publishing import Status
from tests.factories import make_topic, make_user
from tests.support import import_hugo_site as shared
from tests.support.import_hugo_site import entry, item

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/import_hugo_site.py for the modules that share them.
site = shared.site


class TestHugoFrontMatter:
    def test_toml_date_with_its_zone_is_the_publish_time(self, site):
        import_markdown(site)
        assert entry("en", "first-post").publish_at == datetime(
            2026, 11, 20, 9, 30, tzinfo=timezone(timedelta(hours=8))
        )

    def test_yaml_date_with_its_zone_is_the_publish_time(self, site):
        import_markdown(site)
        assert entry("en", "second").publish_at == datetime(2026, 11, 21, 15, 0, tzinfo=UTC)

    def test_draft_stays_a_draft(self, site):
        import_markdown(site, status=Status.PUBLISHED)
        assert entry("en", "second").status == Status.DRAFT
        assert entry("en", "first-post").status == Status.PUBLISHED

    def test_tags_become_topics_matching_existing_names_in_any_case(self, site):
        make_topic("efficient-inference", "Efficiency")
        import_markdown(site)
        slugs = sorted(entry("en", "first-post").topics.values_list("slug", flat=True))
        assert slugs == ["attention", "efficient-inference"]

    def test_fields_the_cms_has_no_place_for_are_reported(self, site):
        result = import_markdown(site)
        assert item(result, "posts/first-post/index.md").not_kept == [
            'series: ["Reading group"]',
            "weight: 3",
            'author: Jane Doe (map it to a team member with --author-map "Jane Doe=USERNAME", '
            "or keep it as the paper's with --authors paper)",
        ]

    def test_author_mapped_to_a_team_member_joins_the_byline(self, site):
        jane = make_user("jdoe")
        import_markdown(site, author_map={"jane doe": "jdoe"})
        assert list(entry("en", "first-post").authors.all()) == [jane]

    def test_authors_can_be_the_papers_own(self, site):
        import_markdown(site, authors="paper")
        assert entry("en", "first-post").paper_authors == "Jane Doe"
