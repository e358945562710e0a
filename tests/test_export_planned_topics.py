"""A topic added, deleted, renamed or given a new slug is planned from the change journal: its
pages appear, go or move, the pages that show its name or its entries' cards are rendered again,
in the languages whose names changed (every language for a new slug), and the output equals a
full export byte for byte, its manifest too.
"""

import random

import pytest
from django.test.utils import override_settings

from cms.export import export_site, fetch, planner
from cms.models import Entry, Topic
from devtools.sample import generate_content
from tests.factories import export_with_standby, file_tree
from tests.support import export_incremental as shared
from tests.support import placement_changes as changes
from tests.support import planned_exports as planned
from tests.support.export import recording_paths
from tests.support.planned_exports import (
    SMALL_PAGES,
    assert_planned_like_a_full_export,
    manifest_of,
    rename_a_topic,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]

exported = shared.exported
reconciled = planned.reconciled


def test_a_topic_new_to_a_language_and_gone_from_one(exported, tmp_path, reconciled):
    """The topic's fronts in every language list the languages that have it, and the sitemaps
    and indexes list the topic."""
    only = Topic.objects.get(slug="zh-only")
    entry = changes.public("en")[0]
    entry.topics.add(only)
    assert_planned_like_a_full_export(exported, tmp_path, reconciled, "joined")
    assert (exported / "en/topics/zh-only/index.html").is_file()
    entry.topics.remove(only)
    for other in Entry.objects.filter(language="zh-hans", topics=only):
        other.topics.remove(only)
    assert_planned_like_a_full_export(exported, tmp_path, reconciled, "left")
    assert not (exported / "zh-hans/topics/zh-only").exists()


def test_a_topics_new_slug_moves_its_pages_and_every_link_to_them(exported, tmp_path, reconciled):
    topic = Topic.objects.get(slug="topic-2")
    topic.slug = "a-first-topic"
    topic.save()
    assert_planned_like_a_full_export(exported, tmp_path, reconciled, "moved")
    assert (exported / "en/topics/a-first-topic/index.html").is_file()
    assert not (exported / "en/topics/topic-2").exists()
    entry = Entry.objects.filter(topics=topic, language="en").first()
    shown = (exported / "en/entries" / entry.slug / "index.html").read_text()
    assert "/en/topics/a-first-topic/" in shown and "/en/topics/topic-2/" not in shown


def test_a_topic_added_to_an_entry_and_then_deleted_is_planned(exported, tmp_path, reconciled):
    entry = changes.public("zh-hans")[0]
    added = Topic.objects.create(slug="b-new-topic", name="A new topic")
    entry.topics.add(added)
    assert_planned_like_a_full_export(exported, tmp_path, reconciled, "added")
    assert (exported / "zh-hans/topics/b-new-topic/index.html").is_file()
    added.delete()
    assert_planned_like_a_full_export(exported, tmp_path, reconciled, "deleted")
    assert not (exported / "zh-hans/topics/b-new-topic").exists()
    shown = (exported / "zh-hans/entries" / entry.slug / "index.html").read_text()
    assert "b-new-topic" not in shown


@pytest.mark.parametrize("loaded", [False, True], ids=["live", "loaded"])
@pytest.mark.parametrize("seed", [3, 8])
def test_random_topic_renames_with_moves_each_equal_a_full_export(
    tmp_path, monkeypatch, reconciled, seed, loaded
):
    """Renamed topics, alone or with moved entries, render through the live views or from the
    loaded site; the loaded site records what each page read, which must be what a full
    export records."""
    if loaded:
        monkeypatch.setattr(planner, "MOST_LIVE_PAGES", 0)
    rng = random.Random(seed)
    with override_settings(**SMALL_PAGES):
        generate_content(18)
        site = export_with_standby(tmp_path / "site")
        for round_number in range(4):
            for _ in range(rng.randint(1, 2)):
                rename_a_topic(rng)
            if rng.random() < 0.5:
                rng.choice(changes.CHANGES)(rng)
            result = export_site(site, incremental=True)
            assert result.ok and result.planned and result.rendered < result.pages / 2
            full = tmp_path / f"full-{round_number}"
            export_site(full)
            assert file_tree(site) == file_tree(full)
            if loaded or len(reconciled) > round_number:
                assert manifest_of(site)[1] == manifest_of(full)[1]
            if loaded:
                assert manifest_of(site, digests_of=full) == manifest_of(full)


def test_a_topic_renamed_in_one_language_renders_no_page_of_another(exported, monkeypatch):
    """A page is chosen by the languages it shows names in: its own and its cards' entries'
    (the front door ``/``, in English, shows Chinese entries' cards, so it is chosen too)."""
    rendered = []
    monkeypatch.setattr(fetch.Renderer, "render", recording_paths(rendered, fetch.Renderer.render))
    topic = changes.public("zh-hans")[0].topics.order_by("pk").first()
    topic.names = {"zh-hans": "只改中文名"}
    topic.save()
    result = export_site(exported, incremental=True)
    assert result.ok and result.planned and rendered
    assert not [path for path in rendered if path.startswith("/en/")]
    front = exported / "zh-hans/topics" / topic.slug / "index.html"
    assert "只改中文名".encode() in front.read_bytes()
    rendered.clear()
    topic.name = "Renamed in English only"
    topic.save()
    export_site(exported, incremental=True)
    assert rendered and not [path for path in rendered if path.startswith("/zh-hans/")]
