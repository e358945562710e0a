"""A change that moves entries (published, withdrawn, deleted, renamed, re-dated, re-tagged,
re-credited, translated, or scheduled and come out by itself) is planned from the change
journal, and its output equals a full export byte for byte, its manifest too: what every page
read, so the next plan misses nothing either (the pages it rendered record no digest of their
rows, which a full export does).
"""

import random
import re
from datetime import timedelta

import pytest
from django.test.utils import override_settings
from django.utils import timezone

from cms.export import export_site
from cms.export.manifest import Manifest
from cms.models import Entry
from cms.publishing import Status
from devtools.sample import generate_content
from tests.factories import export_with_standby
from tests.support import export_incremental as shared
from tests.support import placement_changes as changes
from tests.support import planned_exports as planned
from tests.support.planned_exports import SMALL_PAGES, assert_planned_like_a_full_export

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]

exported = shared.exported
reconciled = planned.reconciled


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
