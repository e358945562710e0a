"""A change that moves entries (published, withdrawn, deleted, renamed, re-dated, re-tagged,
re-credited, translated, or scheduled and come out by itself) is planned from the change
journal, and its output equals a full export byte for byte, its manifest too: what every page
read, so the next plan misses nothing either (the pages it rendered record no digest of their
rows, which a full export does).
"""

import random
import re
from dataclasses import replace
from datetime import timedelta

import pytest
from django.test.utils import override_settings
from django.utils import timezone

from cms.export import export_site, fetch, placement, planner
from cms.export.manifest import Manifest
from cms.models import Entry, Topic
from cms.publishing import Status
from devtools.sample import generate_content
from tests.factories import export_with_standby, file_tree
from tests.support import placement_changes as changes
from tests.support import random_edits as edits
from tests.support.export import recording_paths

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]


@pytest.fixture
def exported(tmp_path):
    generate_content(18)
    return export_with_standby(tmp_path / "site")


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


@pytest.mark.parametrize("change", changes.CHANGES, ids=[c.__name__ for c in changes.CHANGES])
def test_a_change_that_moves_an_entry_is_planned_and_equals_a_full_export(
    exported, tmp_path, reconciled, change
):
    change(random.Random(7))
    assert_planned_like_a_full_export(exported, tmp_path, reconciled)


def test_a_new_entry_page_appears_and_a_withdrawn_one_goes(exported, tmp_path, reconciled):
    added = changes.add(random.Random(1), "zh-hans")
    assert_planned_like_a_full_export(exported, tmp_path, reconciled, "first")
    assert (exported / "zh-hans/entries" / added.slug / "index.html").is_file()
    Entry.objects.filter(pk=added.pk).delete()
    assert_planned_like_a_full_export(exported, tmp_path, reconciled, "second")
    assert not (exported / "zh-hans/entries" / added.slug).exists()


def test_an_entry_published_at_a_renamed_entrys_old_url_replaces_its_redirect(
    exported, tmp_path, reconciled
):
    renamed = Entry.objects.get(slug="gen-00001-renamed")
    assert (exported / "en/entries/gen-00001/index.html").read_bytes().count(b"refresh")
    added = changes.add(random.Random(2), "en")
    Entry.objects.filter(pk=added.pk).update(slug="gen-00001")  # model validation refuses it
    assert_planned_like_a_full_export(exported, tmp_path, reconciled, "replaced")
    assert b"refresh" not in (exported / "en/entries/gen-00001/index.html").read_bytes()
    Entry.objects.filter(pk=added.pk).delete()
    assert_planned_like_a_full_export(exported, tmp_path, reconciled, "back")
    assert (
        renamed.get_absolute_url().encode()
        in (exported / "en/entries/gen-00001/index.html").read_bytes()
    )


def test_a_scheduled_entry_that_came_out_by_itself_is_planned_as_published(
    exported, tmp_path, reconciled, monkeypatch
):
    soon = timezone.now() + timedelta(hours=1)
    scheduled = changes.add(random.Random(3), "en", publish_at=soon)
    later = changes.add(random.Random(4), "zh-hans", publish_at=soon + timedelta(days=1))
    assert export_site(exported, incremental=True).rendered == 0
    page = exported / "en/entries" / scheduled.slug / "index.html"
    assert not page.exists()
    monkeypatch.setattr(timezone, "now", lambda: soon + timedelta(minutes=1))
    assert_planned_like_a_full_export(exported, tmp_path, reconciled, "came-out")
    assert page.is_file()
    assert Manifest.load(exported).journal["next_publication"] == later.publish_at.isoformat()
    assert not (exported / "zh-hans/entries" / later.slug).exists()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_an_entry_that_fills_a_page_adds_a_numbered_page(tmp_path, reconciled, language):
    with override_settings(CMS_ENTRIES_PER_PAGE=4):
        generate_content(18)
        site = export_with_standby(tmp_path / "site")
        rng = random.Random(3)
        changes.add(rng, language)
        count = len(changes.public(language))
        while count % 4 != 3:
            changes.add(rng, language)
            count += 1
        assert_planned_like_a_full_export(site, tmp_path, reconciled, "filled")
        numbered = count // 4 + 1
        home = f"{language}/"
        assert not (site / f"{home}p/{numbered}/index.html").exists()
        changes.add(rng, language)
        assert_planned_like_a_full_export(site, tmp_path, reconciled, "opened")
        assert (site / f"{home}p/{numbered}/index.html").is_file()
        Entry.objects.filter(slug__startswith="added-", language=language).update(status="draft")
        assert_planned_like_a_full_export(site, tmp_path, reconciled, "closed")
        assert not (site / f"{home}p/{numbered}/index.html").exists()


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_publishing_the_newest_entry_plans_only_the_last_numbered_page_of_each_list(
    tmp_path, reconciled, language
):
    """Numbered pages are counted from the oldest: a new newest entry can change only the
    last one of each list it joins (its link to a newer page), HTML and API alike."""
    with override_settings(CMS_ENTRIES_PER_PAGE=2, CMS_API_PAGE_SIZE=2):
        generate_content(18)
        site = export_with_standby(tmp_path / "site")
        changes.add(random.Random(5), language)
        assert_planned_like_a_full_export(site, tmp_path, reconciled, "published")
    numbered = [url for url in reconciled[-1][2] if NUMBERED.search(url)]
    last = {NUMBERED.sub("", url): max_page(site, url) for url in numbered}
    assert any(url.endswith(".json") for url in numbered)
    assert len(last) == len(numbered) > 3
    assert all(int(NUMBERED.search(url)[1]) >= last[NUMBERED.sub("", url)] - 1 for url in numbered)


def test_publishing_the_newest_entry_plans_only_the_last_page_of_its_sitemap(tmp_path, reconciled):
    """Sitemap pages list entries by id, and a new entry has the highest: the pages before
    the last one are not even candidates."""
    with override_settings(CMS_SITEMAP_PAGE_SIZE=3):
        generate_content(18)
        site = export_with_standby(tmp_path / "site")
        pages = sorted(url for url in Manifest.load(site).urls if url.startswith("/sitemap-en"))
        changes.add(random.Random(5), "en")
        assert_planned_like_a_full_export(site, tmp_path, reconciled, "published")
    planned = [url for url in reconciled[-1][2] if url.startswith("/sitemap-en")]
    assert len(pages) > 3
    assert planned == [pages[-1]]


def test_an_early_entry_withdrawn_and_published_again_is_listed_again_by_its_id(
    tmp_path, reconciled
):
    """Published again, an entry takes back its place among the lowest ids: the sitemap
    pages from it onward are planned, and the output equals a full export each time."""
    with override_settings(**SMALL_PAGES):
        generate_content(18)
        site = export_with_standby(tmp_path / "site")
        early = changes.unlinked()[0]
        assert early.pk < changes.public(early.language)[-3].pk
        Entry.objects.filter(pk=early.pk).update(status=Status.DRAFT)
        assert_planned_like_a_full_export(site, tmp_path, reconciled, "withdrawn")
        Entry.objects.filter(pk=early.pk).update(status=Status.PUBLISHED)
        assert_planned_like_a_full_export(site, tmp_path, reconciled, "published")
    planned = {url for url in reconciled[-1][2] if url.startswith(f"/sitemap-{early.language}")}
    assert len(planned) > 1


NUMBERED = re.compile(r"p/(\d+)(/|\.json)$")


def max_page(site, url: str) -> int:
    """The highest numbered page the output has for ``url``'s list."""
    list_url = NUMBERED.sub("", url)
    pattern = re.compile(re.escape(list_url) + r"p/(\d+)(/|\.json)$")
    urls = Manifest.load(site).urls
    return max(int(pattern.search(other)[1]) for other in urls if pattern.search(other))


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


SMALL_PAGES = {"CMS_ENTRIES_PER_PAGE": 3, "CMS_API_PAGE_SIZE": 4, "CMS_SITEMAP_PAGE_SIZE": 5}


@pytest.mark.parametrize("sizes", [{}, SMALL_PAGES], ids=["default pages", "small pages"])
@pytest.mark.parametrize("seed", [5, 13, 21])
def test_random_sequences_of_moves_each_equal_a_full_export(tmp_path, reconciled, seed, sizes):
    """With small pages every list has many numbered pages, so a move shifts many of them."""
    rng = random.Random(seed)
    with override_settings(**sizes):
        generate_content(18)
        site = export_with_standby(tmp_path / "site")
        for round_number in range(4):
            applied = rng.sample(changes.CHANGES, rng.randint(1, 3))
            for change in applied:
                change(rng)
            try:
                assert_planned_like_a_full_export(
                    site, tmp_path, reconciled, f"full-{round_number}"
                )
            except AssertionError as failure:
                raise AssertionError([c.__name__ for c in applied]) from failure


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


SHOWN_EDITS = (
    rename_a_topic,
    edits.rename_an_author,
    edits.change_an_authors_password,
    edits.log_in_an_author,
    edits.edit_a_pages_body,
)


@pytest.mark.parametrize("seed", [4, 9])
def test_random_account_and_page_edits_with_moves_each_equal_a_full_export(
    tmp_path, monkeypatch, seed
):
    """An author's new name, a new password, a login or a page's new body, alone or with moved
    entries, through the live views or the loaded site: the same files, reads and journal state
    as a full export (a page left alone keeps its digest, which a new password changed)."""
    rng = random.Random(seed)
    generate_content(18)
    site = export_with_standby(tmp_path / "site")
    for round_number in range(4):
        monkeypatch.setattr(planner, "MOST_LIVE_PAGES", rng.choice([0, 100]))
        for edit in rng.sample(SHOWN_EDITS, rng.randint(1, 3)):
            edit(rng)
        if rng.random() < 0.5:
            rng.choice(changes.CHANGES)(rng)
        result = export_site(site, incremental=True)
        assert result.ok and result.planned
        full = tmp_path / f"full-{round_number}"
        export_site(full)
        assert file_tree(site) == file_tree(full)
        (records, journal), (full_records, full_journal) = manifest_of(site), manifest_of(full)
        assert journal == full_journal
        assert {u: r.reads for u, r in records.items()} == {
            u: r.reads for u, r in full_records.items()
        }


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
