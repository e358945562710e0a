"""Search follows the public rule: unpublished entries are indexed but never found, also after
a rebuild; a scheduled entry is found once its time has come.
"""

import pytest
from django.core.management import call_command

from cms.models import Entry
from cms.publishing import Status
from tests.factories import make_entry, tomorrow, yesterday
from tests.support.search import indexed, titles

pytestmark = pytest.mark.django_db


HIDDEN = {
    "draft": dict(status=Status.DRAFT),
    "review": dict(status=Status.REVIEW),
    "archived": dict(status=Status.ARCHIVED),
    "scheduled": dict(status=Status.PUBLISHED, publish_at=tomorrow()),
}


class TestPublicRule:
    @pytest.fixture
    def hidden(self):
        return {
            name: make_entry(f"Canary {name}", body="secretword", **fields)
            for name, fields in HIDDEN.items()
        }

    def test_unpublished_entries_are_indexed_but_never_found(self, hidden, client):
        assert all(indexed(entry.pk) for entry in hidden.values())
        assert titles("secretword") == []
        assert titles("canary") == []
        body = client.get("/en/search/", {"q": "canary secretword"}).content.decode()
        assert "Canary" not in body

    def test_unpublished_entries_stay_hidden_after_a_rebuild(self, hidden):
        call_command("rebuild_search_index", verbosity=0)
        assert titles("secretword") == []

    def test_scheduled_entry_is_found_once_its_time_has_come(self):
        entry = make_entry("Timed release", status=Status.PUBLISHED, publish_at=tomorrow())
        assert titles("timed") == []
        Entry.objects.filter(pk=entry.pk).update(publish_at=yesterday())
        assert titles("timed") == ["Timed release"]

    def test_unpublishing_hides_an_entry_at_once(self):
        entry = make_entry("Withdrawn paper")
        assert titles("withdrawn") == ["Withdrawn paper"]
        Entry.objects.filter(pk=entry.pk).update(status=Status.ARCHIVED)
        assert titles("withdrawn") == []
