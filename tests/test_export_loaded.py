"""The export renders entry pages, lists, indexes, feeds, sitemaps and API documents from rows
loaded once.

Those pages never go through Django's request cycle; what each is rendered
from is described by a digest of the rows it shows, and ``--incremental``
reuses a page only when that digest is unchanged. These tests prove the three
halves of that promise: the request cycle is not used for them, the rows the
live views read are all rows the digest covers, and after edits the digest
misses nothing (``--incremental`` equals a full export).
"""

import random
import re
from datetime import timedelta

import feedparser
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from cms.export import export_site, fetch
from cms.export.loaded import READS, LoadedSite
from cms.export.manifest import Manifest
from cms.export.target import ExportTarget
from cms.models import Entry, Page, Topic
from cms.redirects import public_redirect_paths
from devtools.sample import generate_content
from tests.factories import file_tree, make_entry
from tests.support.export import recording_paths
from tests.support.query_oracle import all_tables, capture_reads
from tests.support.random_edits import EDITS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]

BASE_URL = "https://example.org/"
LANGUAGE = r"^/(en|zh-hans)"
LOADED_KINDS = re.compile(
    "|".join(
        (
            LANGUAGE + r"/entries/[^/]+/$",
            LANGUAGE + r"/((topics|authors)/[^/]+/|archive/\d{4}/(\d+/)?)?((p|page)/\d+/)?$",
            r"^/api/v1/((en|zh-hans)/)?entries(/p/\d+)?\.json$",
            r"^/api/v1/(en|zh-hans)/entries/[^/]+\.json$",
            r"^/api/v1/(en|zh-hans)/(topics|authors)/[^/]+(/p/\d+)?\.json$",
            LANGUAGE + r"/(topics|archive)/$",
            r"^/api/v1/index\.json$",
            r"^/api/v1/(en|zh-hans)/(topics|authors|pages)\.json$",
            r"^/api/v1/(en|zh-hans)/pages/[^/]+\.json$",
            LANGUAGE + r"/(topics/[^/]+/)?feed\.xml$",
            r"^/sitemap(-(en|zh-hans)(-page-\d+)?)?\.xml$",
        )
    )
)


@pytest.fixture
def site(db, settings):
    settings.CMS_SITEMAP_PAGE_SIZE = 8  # each language's sitemap has numbered pages
    generate_content(30)


def test_loaded_page_kinds_never_go_through_the_request_cycle(site, tmp_path, monkeypatch):
    fetched = []
    monkeypatch.setattr(fetch.Client, "get", recording_paths(fetched, fetch.Client.get))
    result = export_site(tmp_path / "site")
    assert result.ok
    records = Manifest.load(tmp_path / "site").urls
    assert any(LOADED_KINDS.match(url) for url in records)
    assert {"/en/feed.xml", "/sitemap.xml", "/sitemap-en-page-2.xml"} <= set(records)
    assert any(url.endswith("/feed.xml") and "/topics/" in url for url in records)
    legacy = [record for url, record in records.items() if re.search(r"^/[^a].*/page/\d+/$", url)]
    assert legacy and {(record.kind, record.status) for record in legacy} == {("redirect", 301)}
    renamed = public_redirect_paths()
    assert renamed and {(records[path].kind, records[path].status) for path in renamed} == {
        ("redirect", 301)
    }
    assert "/en/topics/" in records and "/api/v1/en/authors.json" in records
    assert fetched, "search and the API's schema still use the request cycle"
    for path in fetched:
        assert path not in renamed and not LOADED_KINDS.match(path), path


def test_warming_before_workers_fork_changes_no_page_and_no_digest(site, tmp_path, monkeypatch):
    """``--jobs`` builds every card, API summary and input digest before forking."""

    class WarmedSite(LoadedSite):
        def __init__(self, *args):
            super().__init__(*args)
            self.warm()

    export_site(tmp_path / "lazy")
    monkeypatch.setattr("cms.export.LoadedSite", WarmedSite)
    export_site(tmp_path / "warmed")
    assert file_tree(tmp_path / "warmed") == file_tree(tmp_path / "lazy")
    assert Manifest.load(tmp_path / "warmed").urls == Manifest.load(tmp_path / "lazy").urls


def test_a_standalone_page_records_the_rows_it_shows(site, tmp_path):
    """What a page read is recorded when its digest is taken, not when the site loads."""
    export_site(tmp_path / "site")
    records = Manifest.load(tmp_path / "site").urls
    pages = Page.objects.filter(is_published=True)
    assert pages
    for page in pages:
        reads = records[page.get_absolute_url()].reads
        assert {f"cms_page:{page.pk}", "table:cms_page"} <= set(reads)


def test_loading_the_site_reads_the_topics_once(site):
    """The loader's topics are the site's: one query gives both."""
    with CaptureQueriesContext(connection) as loading:
        loaded = LoadedSite(ExportTarget.create(BASE_URL), {}, {})
    topic_reads = [q["sql"] for q in loading if re.search(r'FROM "cms_topic"(\s|$)', q["sql"])]
    assert len(topic_reads) == 1, topic_reads
    assert set(loaded.topics) == set(Topic.objects.values_list("pk", flat=True))


def test_publishing_an_entry_changes_no_numbered_page(site, tmp_path, monkeypatch):
    """Numbered from the oldest, the pages keep their entries; only the last one, which links
    to the next page when one opens, is rendered again, to the same bytes."""
    export_site(tmp_path / "site")
    numbered = {url: record.sha256 for url, record in Manifest.load(tmp_path / "site").urls.items()
                if "/en/p/" in url}  # fmt: skip
    rendered = []
    monkeypatch.setattr(fetch.Renderer, "render", recording_paths(rendered, fetch.Renderer.render))
    newest = Entry.objects.published().filter(language="en").first()
    later = newest.publish_at + timedelta(minutes=1)
    make_entry("Published after the export", slug="published-after", publish_at=later)
    export_site(tmp_path / "site", incremental=True)
    assert "/en/entries/published-after/" in rendered and "/en/" in rendered
    after = Manifest.load(tmp_path / "site").urls
    assert len(numbered) > 1 and {url: after[url].sha256 for url in numbered} == numbered
    last = max(numbered, key=lambda url: int(url.split("/")[-2]))
    assert set(numbered) & set(rendered) <= {last}


def test_live_views_of_loaded_kinds_read_only_tables_the_digest_covers(site):
    entry = Entry.objects.published().filter(translation_of__isnull=False).first()
    urls = [
        entry.get_absolute_url(),
        f"/api/v1/{entry.language}/entries/{entry.slug}.json",
        "/",
        "/en/",
        "/en/p/1/",
        "/en/topics/topic-1/",
        f"/en/authors/{entry.translation_of.authors.first().username}/",
        "/en/archive/2024/",
        "/api/v1/entries.json",
        "/api/v1/en/topics/topic-1.json",
        "/en/topics/",
        "/zh-hans/archive/",
        "/api/v1/index.json",
        "/api/v1/en/topics.json",
        "/api/v1/zh-hans/authors.json",
        "/api/v1/en/pages.json",
        "/api/v1/en/pages/about.json",
        *public_redirect_paths(),
        "/en/feed.xml",
        "/en/topics/topic-1/feed.xml",
        "/sitemap.xml",
        "/sitemap-en.xml",
        "/sitemap-en-page-2.xml",
    ]
    client, tables = Client(), all_tables()
    with override_settings(CMS_PAGE_CACHE_SECONDS=0):
        for url in urls:
            with capture_reads(tables) as reads:
                response = client.get(url)
            assert response.status_code == (301 if "/gen-00001/" in url else 200), url
            assert reads <= set(READS), (url, sorted(reads - set(READS)))


@pytest.mark.parametrize("seed", [1, 2])
def test_incremental_after_each_edit_in_random_order_equals_a_full_export(site, tmp_path, seed):
    rng = random.Random(seed)
    export_site(tmp_path / "site")
    for step, edit in enumerate(rng.sample(EDITS, len(EDITS))):
        edit(rng)
        result = export_site(tmp_path / "site", incremental=True)
        full = tmp_path / f"full-{step}"
        export_site(full)
        assert result.reused > 0, edit.__name__
        assert file_tree(tmp_path / "site") == file_tree(full), f"after {edit.__name__}"


def test_a_renamed_topic_changes_the_topic_indexes_after_incremental(site, tmp_path, monkeypatch):
    export_site(tmp_path / "site")
    Topic.objects.filter(slug="topic-1").update(name="Folding, renamed")
    rendered = []
    monkeypatch.setattr(fetch.Renderer, "render", recording_paths(rendered, fetch.Renderer.render))
    export_site(tmp_path / "site", incremental=True)
    assert {"/en/topics/", "/api/v1/en/topics.json"} <= set(rendered)
    assert "/en/archive/" not in rendered and "/api/v1/index.json" not in rendered
    index = (tmp_path / "site" / "en" / "topics" / "index.html").read_text()
    assert "Folding, renamed" in index


def test_a_deactivated_author_leaves_the_author_index_after_incremental(site, tmp_path):
    export_site(tmp_path / "site")
    authors = tmp_path / "site" / "api" / "v1" / "en" / "authors.json"
    assert '"username":"ada"' in authors.read_text()
    get_user_model().objects.filter(username="ada").update(is_active=False)
    export_site(tmp_path / "site", incremental=True)
    assert '"username":"ada"' not in authors.read_text()
    assert "ada" not in {
        part for url in Manifest.load(tmp_path / "site").urls for part in url.split("/")
    }


def test_a_renamed_entry_leaves_a_loaded_redirect_after_incremental(site, tmp_path, monkeypatch):
    export_site(tmp_path / "site")
    entry = Entry.objects.published().filter(language="en").last()
    old = entry.get_absolute_url()
    entry.slug = "renamed-after-the-export"
    entry.save()
    fetched = []
    monkeypatch.setattr(fetch.Client, "get", recording_paths(fetched, fetch.Client.get))
    export_site(tmp_path / "site", incremental=True)
    record = Manifest.load(tmp_path / "site").urls[old]
    assert (record.kind, record.status, record.source) == (
        "redirect",
        301,
        f"view:{entry.get_absolute_url()}",
    )
    assert old not in fetched


def test_an_edited_entrys_new_title_is_in_its_feeds_after_an_incremental_export(site, tmp_path):
    export_site(tmp_path / "site")
    entry = Entry.objects.published().filter(language="en").first()
    entry.title = "Retitled after the export"
    entry.save()
    result = export_site(tmp_path / "site", incremental=True)
    assert result.reused > 0
    feeds = ["en/feed.xml", *(f"en/topics/{topic.slug}/feed.xml" for topic in entry.topics.all())]
    assert len(feeds) > 1
    for name in feeds:
        feed = feedparser.parse((tmp_path / "site" / name).read_bytes())
        assert not feed.bozo, (name, feed.bozo_exception)
        assert feed.entries[0].title == "Retitled after the export", name
