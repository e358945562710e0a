"""Static search: the Pagefind index builder (the browser test is in tests/e2e/)."""

import re
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.exceptions import ExportError
from cms.models import Entry
from cms.publishing import Status
from cms.search import static_index
from cms.search.static_index import (
    build_static_index,
    exported_entries,
    pagefind_executable,
    search_document,
)
from cms.search.static_terms import static_tokens, token_word, token_words
from tests.factories import file_tree, make_entry, make_topic

PAGE = "<!doctype html><html><body><main>Exported page</main></body></html>"


def pagefind_runs() -> bool:
    executable = pagefind_executable()
    if executable is None:
        return False
    try:
        return subprocess.run([str(executable), "--version"], capture_output=True).returncode == 0
    except OSError:
        return False


needs_pagefind = pytest.mark.skipif(
    not pagefind_runs(),
    reason="the pagefind binary (pip install 'pagefind[extended]') cannot run here",
)


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def export_page(root: Path, entry) -> None:
    write(root / entry.get_absolute_url().strip("/") / "index.html", PAGE)


@pytest.fixture
def site(tmp_path, db):
    root = tmp_path / "site"
    topic = make_topic("biology", "Biology", **{"zh-hans": "生物学"})
    for entry in [
        make_entry("Diffusion", slug="diffusion", body="Denoising.", topics=[topic]),
        make_entry("蛋白质", language="zh-hans", slug="protein", body="扩散模型。", topics=[topic]),
    ]:
        export_page(root, entry)
    write(root / "en/index.html", PAGE)
    return root


class TestBuildStaticIndex:
    @needs_pagefind
    def test_indexes_the_exported_public_entries_per_language(self, site):
        result = build_static_index(site)
        assert result.pages == 2
        assert result.languages == {"en": 1, "zh-hans": 1}
        assert result.bundle_dir == site / "pagefind"
        assert (site / "pagefind/pagefind.js").is_file()
        assert list((site / "pagefind/filter").glob("zh-hans_*.pf_filter"))
        assert result.summary().startswith("Search index: 2 pages (en 1, zh-hans 1)")

    @needs_pagefind
    def test_the_same_entries_give_the_same_bundle_byte_for_byte(self, site):
        make_entry("Third", slug="third", topics=[make_topic("physics", "Physics")])
        export_page(site, Entry.objects.get(slug="third"))
        build_static_index(site)
        first = file_tree(site / "pagefind")
        build_static_index(site)
        assert file_tree(site / "pagefind") == first

    @needs_pagefind
    def test_entries_the_export_did_not_write_or_may_not_show_are_left_out(self, site):
        make_entry("Not exported", slug="not-exported")
        export_page(site, make_entry("Draft", slug="draft", status=Status.DRAFT))
        assert build_static_index(site).languages == {"en": 1, "zh-hans": 1}

    @needs_pagefind
    def test_reports_progress_and_replaces_a_stale_bundle(self, site):
        write(site / "pagefind/stale.txt", "old")
        lines = []
        build_static_index(site, progress=lines.append)
        assert not (site / "pagefind/stale.txt").exists()
        assert any("Pagefind" in line for line in lines)

    def test_site_without_entry_pages_gets_no_index(self, tmp_path, db, monkeypatch):
        make_entry("Diffusion", slug="diffusion")
        write(tmp_path / "en/index.html", PAGE)
        monkeypatch.setattr(static_index, "pagefind_executable", lambda: None)
        result = build_static_index(tmp_path)
        assert result.pages == 0 and result.bundle_dir is None
        assert not (tmp_path / "pagefind").exists()

    def test_missing_folder_is_an_export_error(self, tmp_path):
        with pytest.raises(ExportError, match="export the site"):
            build_static_index(tmp_path / "nowhere")

    def test_missing_binary_says_how_to_install_it(self, site, monkeypatch):
        monkeypatch.setattr(static_index, "pagefind_executable", lambda: None)
        with pytest.raises(ExportError, match=r"pagefind\[extended\]"):
            build_static_index(site)

    def test_failing_binary_is_an_export_error(self, site, monkeypatch):
        monkeypatch.setattr(static_index, "pagefind_executable", lambda: Path("/bin/false"))
        with pytest.raises(ExportError, match="exit status 1"):
            build_static_index(site)


class TestSearchDocument:
    def test_holds_what_the_live_index_searches_and_no_page_chrome(self, db):
        topic = make_topic("biology", "Biology", **{"zh-hans": "生物学"})
        entry = make_entry(
            "注意力机制",
            language="zh-hans",
            slug="attention",
            summary="一篇摘要。",
            body="**模型**：Networks\n\n| a | b |\n|--|--|\n| 1 | 2 |",
            topics=[topic],
            paper_authors="Ada Lovelace",
            translation_method="machine",
            translator="Google Translate",
        )
        page = BeautifulSoup(search_document(entry), "html.parser")
        meta = {
            tag["data-pagefind-meta"].removesuffix("[content]"): tag["content"]
            for tag in page.select("[data-pagefind-meta]")
        }
        assert meta["url"] == "/zh-hans/entries/attention/"
        assert (meta["title"], meta["summary"]) == ("注意力机制", "一篇摘要。")
        assert meta["topics"] == "Biology 生物学" and meta["source"] == "Ada Lovelace"
        text, words = [p.get_text() for p in page.select("main p")]
        assert text == "模型：Networks a · b · 1 · 2"
        assert "翻译" not in str(page) and "Google" not in str(page)
        filters = {
            (tag["data-pagefind-filter"], tag["content"])
            for tag in page.select("[data-pagefind-filter]")
        }
        assert filters == {("language[content]", "zh-hans")}
        assert meta["tags"] == "生物学"
        for token in ["注意", "意力", "力机", "机制", "注", "network", "lovelac", "biologi"]:
            assert token_word(token) in words.split(), token


def test_tokens_are_the_live_index_tokens_stemmed_like_sqlite():
    tokens = static_tokens(["Running networks 蛋白质"])
    assert tokens == {"run", "network", "蛋", "白", "质", "蛋白", "白质"}
    assert token_words(["Running networks 蛋白质"]) == sorted(map(token_word, tokens))


def test_token_words_are_opaque_words_of_one_length_that_no_stemmer_shortens():
    words = {token_word(token) for token in ["注意", "a", "networks", "ł"]}
    assert len(words) == 4
    assert all(re.fullmatch("x[hjkpqwx]{24}", word) for word in words)


class TestExportedEntries:
    def test_documents_cost_the_same_queries_at_two_and_six_entries(self, tmp_path, db):
        """The export's search documents read each paper with its entry, not one query each."""

        def queries_for_all_documents(count: int) -> int:
            for number in range(Entry.objects.count(), count):
                entry = make_entry(
                    f"Paper {number}", slug=f"paper-{number}", paper_authors=f"Author {number}"
                )
                export_page(tmp_path, entry)
            with CaptureQueriesContext(connection) as queries:
                documents = [search_document(entry) for entry in exported_entries(tmp_path)]
            assert len(documents) == count
            assert all(f"Author {number}" in documents[number] for number in range(count))
            return len(queries)

        at_two = queries_for_all_documents(2)
        assert queries_for_all_documents(6) == at_two
