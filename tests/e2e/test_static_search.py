"""The exported search page, served by a plain static file server, finds what the live search finds.

Pages are rendered by the test client as the export writes them, with the
site's own search script and stylesheet, at the root and under a sub-path,
then indexed by Pagefind; Chromium types the query. The agreement test
exports the demo site and asks both searches the same questions.
"""

import re
import shutil
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
import snowballstemmer
from django.conf import settings
from django.test.utils import override_settings

from cms.export import export_site
from cms.search import parse_query, search_entries
from cms.search.static_index import build_static_index
from cms.search.static_terms import token_word, word_token
from devtools.demo import CONTENT, load_demo_content
from tests.e2e import browser as b
from tests.factories import MANIFEST_STORAGE, collect_static, make_entry, make_topic
from tests.test_search_static import needs_pagefind, write

pytestmark = [pytest.mark.e2e, pytest.mark.django_db, needs_pagefind]

URLS = [
    "/en/",
    "/zh-hans/",
    "/en/search/",
    "/zh-hans/search/",
    "/en/entries/diffusion/",
    "/en/entries/graphs/",
    "/zh-hans/entries/protein/",
]


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
    for name in ("search.js", "search-text.js", "stem.js", "site.css"):
        shutil.copy(Path(settings.BASE_DIR) / "static/cms" / name, static / name)


@pytest.mark.parametrize("base_path", ["/", "/digest/"])
def test_exported_search_page_finds_entries_in_each_language(
    client, page, static_server, base_path
):
    topic = make_topic("biology", "Biology", **{"zh-hans": "生物学"})
    make_entry("Denoising diffusion", slug="diffusion", body="Score matching.", topics=[topic])
    make_entry("Graph networks", slug="graphs", body="Message passing.")
    make_entry("蛋白质结构", language="zh-hans", slug="protein", body="扩散模型预测结构。")
    docroot, origin = static_server
    root = docroot / base_path.strip("/") if base_path != "/" else docroot
    render_site(client, root, URLS, base_path)
    assert build_static_index(root).languages == {"en": 2, "zh-hans": 1}

    cases = [("en", "diffusion", "Denoising diffusion"), ("zh-hans", "扩散", "蛋白质结构")]
    for language, query, title in cases:
        page.goto(f"{origin}{base_path}{language}/search/")
        page.fill("#search-q", query)
        page.press("#search-q", "Enter")
        first = page.locator(".search-result .card__title a").first
        first.wait_for()
        assert page.locator(".search-result").count() == 1
        assert first.inner_text() == title
        assert page.locator(".search-result mark").count() >= 1
        assert page.input_value("#search-q") == query
        first.click()
        page.wait_for_url(f"{origin}{base_path}{language}/entries/*/")
        assert page.locator("h1").inner_text() == title
    assert page.errors == []


AGREEMENT_QUERIES = {
    "en": ["attention", "protein structure", "diffusion models", "residual networks", "qzxjvwk"],
    "zh-hans": ["注意力", "蛋白质结构", "扩散模型", "机器学习", "卷积"],
}


def demo_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in CONTENT.rglob("*.md"))


def live_paths(language: str, query: str) -> set[str]:
    page = search_entries(parse_query(query), language=language, per_page=100)
    return {result.entry.get_absolute_url() for result in page.results}


def static_results(page, origin: str, language: str, query: str) -> tuple[set[str], list[str]]:
    page.goto(f"{origin}/{language}/search/?q={quote(query)}")
    page.locator(".search-result, [data-search-results] .empty").first.wait_for()
    links = page.locator(".search-result .card__title a")
    paths = {urlsplit(href).path for href in links.evaluate_all("(a) => a.map((x) => x.href)")}
    snippets = page.locator(".search-result__snippet").all_inner_texts()
    return paths, snippets


@pytest.mark.django_db(transaction=True)
def test_static_search_finds_what_the_live_search_finds_in_both_languages(
    page, static_server, tmp_path
):
    load_demo_content()
    docroot, origin = static_server
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": MANIFEST_STORAGE},
    }
    collect_static(tmp_path / "static")
    with override_settings(STATIC_ROOT=tmp_path / "static", STORAGES=storages):
        assert export_site(docroot, base_url=f"{origin}/", search=True).published

    found = re.findall(r"^title: (.+)$", demo_text(), re.MULTILINE)
    titles = {title.strip("'\"") for title in found}
    assert len(titles) > 10
    for language, queries in AGREEMENT_QUERIES.items():
        for query in queries:
            live = live_paths(language, query)
            static, snippets = static_results(page, origin, language, query)
            assert static == live, (language, query)
            if query == "qzxjvwk":
                assert live == set()
                continue
            assert live, (language, query)
            assert snippets and not any(s.startswith(tuple(titles)) for s in snippets), snippets
            if query == "注意力":
                b.shoot(page, "exported-search-zh")
    assert page.errors == []


def test_browser_stems_and_writes_tokens_as_the_export_does(page, static_server):
    docroot, origin = static_server
    for name in ("stem.js", "search-text.js"):
        shutil.copy(Path(settings.BASE_DIR) / "static/cms" / name, docroot / name)
    scripts = '<script src="stem.js"></script><script src="search-text.js"></script>'
    write(docroot / "index.html", f'<!doctype html><html lang="en">{scripts}')
    page.goto(f"{origin}/")
    text = demo_text()
    words = sorted({word.lower() for word in re.findall(r"[A-Za-z]+", text)})
    stemmer = snowballstemmer.stemmer("porter")
    stems = page.evaluate("(words) => words.map((w) => window.DigestStem.porter(w))", words)
    assert dict(zip(words, stems, strict=True)) == {w: stemmer.stemWord(w) for w in words}
    tokens = ["注意", "力", "network", "ł", "𠀀字"]
    words = page.evaluate("(tokens) => tokens.map(window.DigestSearchText.tokenWord)", tokens)
    assert words == [token_word(token) for token in tokens]
    query = "Running GPT-4 注意力 蛋"
    script = "(q) => DigestSearchText.parseQuery(q, 200).map(DigestSearchText.termTokens)"
    assert page.evaluate(script, query) == [
        [word_token(token) for token in term.tokens] if not term.cjk else list(term.tokens)
        for term in parse_query(query).terms
    ]
