"""A crash in the middle of an import (a bug, a lost database connection) leaves nothing behind.

Each importer runs in one transaction: validation errors are already tested
per importer; here the failure is unexpected, raised by the database layer
while the second entry is saved, after the first one and its topics and
revision were written.
"""

import io
from pathlib import Path

import pytest
from django.db import OperationalError

from cms.importers.arxiv import import_arxiv
from cms.importers.digest import import_digest
from cms.importers.markdown_files import import_markdown
from cms.models import Entry, Topic

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


@pytest.fixture
def crash_on_second_save(monkeypatch):
    original = Entry.save
    saves = []

    def save(self, *args, **kwargs):
        saves.append(self.slug)
        if len(saves) == 2:
            raise OperationalError("server closed the connection unexpectedly")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Entry, "save", save)
    return saves


def assert_nothing_stored():
    assert Entry.objects.count() == 0
    assert Topic.objects.count() == 0
    assert Entry.history.count() == 0


@pytest.mark.parametrize(
    "run",
    [
        lambda: import_arxiv(io.BytesIO((DATA / "arxiv" / "feed-v1.xml").read_bytes())),
        lambda: import_digest(io.BytesIO((DATA / "digest" / "mixed.txt").read_bytes())),
        lambda: import_markdown(DATA / "markdown" / "hugo"),
    ],
    ids=["arxiv", "digest", "markdown"],
)
def test_crash_while_saving_the_second_entry_rolls_back_the_first(crash_on_second_save, run):
    with pytest.raises(OperationalError):
        run()
    assert len(crash_on_second_save) == 2
    assert_nothing_stored()
