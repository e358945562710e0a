"""The archive: months listed and linked, empty or impossible periods 404, months and years in
the site's time zone.
"""

from datetime import UTC, datetime

import pytest

from tests.factories import make_entry
from tests.support import discovery as shared
from tests.support.discovery import parse

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/discovery.py for the modules that share them.
content = shared.content


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
