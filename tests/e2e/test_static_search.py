"""The exported search page, served by a plain static file server, finds entries in each language.

Pages are rendered by the test client as the export writes them, with the
site's own search script and stylesheet, at the root and under a sub-path,
then indexed by Pagefind; Chromium types the query. The full export's search
is exercised by ``test_editorial_workflow``.
"""

import shutil
from pathlib import Path

import pytest
from django.conf import settings

from cms.search.static_index import build_static_index
from tests.factories import make_entry, make_topic
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
    for name in ("search.js", "site.css"):
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
