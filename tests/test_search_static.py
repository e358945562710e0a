"""Static search: the Pagefind index builder (the browser test is in tests/e2e/)."""

import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from cms.exceptions import ExportError
from cms.search import static_index
from cms.search.static_index import build_static_index, pagefind_executable
from tests.factories import make_entry, make_topic

ENTRY_PAGE = """<!doctype html><html lang="{lang}"><head><title>{title}</title>
<meta name="digest:language" content="{lang}" data-pagefind-filter="language[content]">
<meta name="digest:topic" content="{topic}" data-pagefind-filter="topic[content]">
</head><body><header>Navigation words</header>
<main data-pagefind-body><h1>{title}</h1><p>{body}</p></main></body></html>"""
LIST_PAGE = """<!doctype html><html lang="en"><head><title>Latest</title></head>
<body><main><h1>Latest</h1><p>Diffusion listing</p></main></body></html>"""


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


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    write(
        root / "en/entries/diffusion/index.html",
        ENTRY_PAGE.format(lang="en", title="Diffusion", topic="Biology", body="Denoising."),
    )
    write(
        root / "zh-hans/entries/protein/index.html",
        ENTRY_PAGE.format(lang="zh-hans", title="蛋白质", topic="生物学", body="扩散模型。"),
    )
    write(root / "en/index.html", LIST_PAGE)
    return root


class TestBuildStaticIndex:
    @needs_pagefind
    def test_indexes_marked_pages_per_language(self, site):
        result = build_static_index(site)
        assert result.pages == 2
        assert result.languages == {"en": 1, "zh-hans": 1}
        assert result.bundle_dir == site / "pagefind"
        assert (site / "pagefind/pagefind.js").is_file()
        assert list((site / "pagefind/filter").glob("zh-hans_*.pf_filter"))
        assert result.summary().startswith("Search index: 2 pages (en 1, zh-hans 1)")

    @needs_pagefind
    def test_reports_progress_and_replaces_a_stale_bundle(self, site):
        write(site / "pagefind/stale.txt", "old")
        lines = []
        build_static_index(site, progress=lines.append)
        assert not (site / "pagefind/stale.txt").exists()
        assert any("Pagefind" in line for line in lines)

    def test_site_without_entry_pages_gets_no_index(self, tmp_path, monkeypatch):
        write(tmp_path / "en/index.html", LIST_PAGE)
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


def test_entry_page_indexes_its_text_not_its_tags_or_date_line(client, db):
    """Pagefind's excerpt starts with what it indexes: the title and text, not the furniture."""
    entry = make_entry("Sparse experts", topics=[make_topic("routing", "Routing")])
    page = BeautifulSoup(client.get(entry.get_absolute_url()).content, "html.parser")
    body = page.select_one("[data-pagefind-body]")
    assert body.select_one("h1").get_text() == "Sparse experts"
    assert body.select_one(".tags").has_attr("data-pagefind-ignore")
    assert body.select_one(".meta").has_attr("data-pagefind-ignore")
    assert not body.select_one(".entry__body").find_parent(attrs={"data-pagefind-ignore": True})
