"""Static search: the Pagefind index builder, and the exported search page in a browser."""

import functools
import http.server
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from django.conf import settings

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


def render_site(client, root: Path, urls: list[str], base_path: str) -> None:
    """Pages as the export would write them; root-relative links moved under ``base_path``."""
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        if base_path != "/":
            text = text.replace('href="/', f'href="{base_path}').replace(
                'src="/', f'src="{base_path}'
            )
        write(root / url.lstrip("/") / "index.html", text)
    static = root / settings.STATIC_URL.strip("/") / "cms"
    static.mkdir(parents=True)
    for name in ("search.js", "site.css"):
        shutil.copy(Path(settings.BASE_DIR) / "static/cms" / name, static / name)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def static_server(tmp_path):
    """A plain static file server on 127.0.0.1 (no Django), like any static host."""
    docroot = tmp_path / "www"
    docroot.mkdir()
    handler = functools.partial(QuietHandler, directory=str(docroot))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield docroot, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.mark.e2e
@pytest.mark.django_db
@needs_pagefind
@pytest.mark.parametrize("base_path", ["/", "/digest/"])
def test_exported_search_page_finds_entries_in_each_language(client, static_server, base_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed")
    topic = make_topic("biology", "Biology", **{"zh-hans": "生物学"})
    make_entry("Denoising diffusion", slug="diffusion", body="Score matching.", topics=[topic])
    make_entry("Graph networks", slug="graphs", body="Message passing.")
    make_entry("蛋白质结构", language="zh-hans", slug="protein", body="扩散模型预测结构。")
    docroot, origin = static_server
    root = docroot / base_path.strip("/") if base_path != "/" else docroot
    urls = [
        "/en/",
        "/zh-hans/",
        "/en/search/",
        "/zh-hans/search/",
        "/en/entries/diffusion/",
        "/en/entries/graphs/",
        "/zh-hans/entries/protein/",
    ]
    render_site(client, root, urls, base_path)
    assert build_static_index(root).languages == {"en": 2, "zh-hans": 1}

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        try:
            page = browser.new_page()
            errors = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            cases = [("en", "diffusion", "Denoising diffusion"), ("zh-hans", "扩散", "蛋白质结构")]
            for language, query, title in cases:
                page.goto(f"{origin}{base_path}{language}/search/")
                page.fill("#search-q", query)
                page.press("#search-q", "Enter")
                first = page.locator(".search-result .card__title a").first
                first.wait_for(timeout=15_000)
                assert page.locator(".search-result").count() == 1
                assert first.inner_text() == title
                assert page.locator(".search-result mark").count() >= 1
                assert page.input_value("#search-q") == query
                first.click()
                page.wait_for_url(f"{origin}{base_path}{language}/entries/*/")
                assert page.locator("h1").inner_text() == title
            assert errors == []
        finally:
            browser.close()
