"""Shared by the tests of planned exports that move pages (entries, topics, accounts): how many
times an export reconciled the URLs it has, and the check that a planned export equals a full
export of the same database, its files and its manifest.
"""

from dataclasses import replace

import pytest

from cms.export import export_site, placement
from cms.export.manifest import Manifest
from cms.models import Topic
from tests.factories import file_tree
from tests.support import placement_changes as changes


@pytest.fixture
def reconciled(monkeypatch):
    """How many times an export planned moved entries (``placement.reconcile``)."""
    calls = []
    original = placement.reconcile

    def recording(*args):
        calls.append(args)
        return original(*args)

    monkeypatch.setattr("cms.export.reconcile", recording)
    return calls


def manifest_of(site, digests_of=None):
    """The manifest's records and journal; with ``digests_of`` (another site's manifest), a
    record without a digest (a page a planned export rendered) takes the other's."""
    manifest = Manifest.load(site)
    journal = dict(manifest.journal, position=None)
    records = manifest.urls
    if digests_of is not None:
        other = Manifest.load(digests_of).urls
        records = {
            url: replace(record, inputs=other[url].inputs)
            if record.inputs is None and url in other
            else record
            for url, record in records.items()
        }
    return records, journal


def assert_planned_like_a_full_export(site, tmp_path, reconciled, name="full"):
    before = len(reconciled)
    result = export_site(site, incremental=True)
    assert result.ok and result.planned and len(reconciled) == before + 1
    assert result.rendered < result.pages / 2
    assert result.rendered + result.reused == result.pages
    full = tmp_path / name
    export_site(full)
    assert file_tree(site) == file_tree(full)
    assert manifest_of(site, digests_of=full) == manifest_of(full)
    return result


SMALL_PAGES = {"CMS_ENTRIES_PER_PAGE": 3, "CMS_API_PAGE_SIZE": 4, "CMS_SITEMAP_PAGE_SIZE": 5}


def rename_a_topic(rng):
    """A topic's name, its name in Chinese, both, its slug, or nothing shown (a save that
    changes nothing) changed."""
    topic = rng.choice(list(Topic.objects.order_by("pk")))
    number = next(changes._numbers)
    how = rng.choice(["name", "zh-hans", "both", "dropped", "same", "slug"])
    if how == "slug":
        topic.slug = f"{rng.choice('amz')}-renamed-{number}"
    if how in {"name", "both"}:
        topic.name = f"Renamed {number}"
    if how in {"zh-hans", "both"}:
        topic.names = {**topic.names, "zh-hans": f"改名{number}"}
    if how == "dropped":
        topic.names = {}
    topic.save()
