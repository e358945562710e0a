"""After random edits, ``--incremental`` renders again every page whose live queries return
something else, unless the page's bytes did not change: the digests miss no page the old
query book would have caught.

The oracle (``tests/support/query_oracle.py``) runs each exported page through the live
views at the export's frozen instant, records its read queries, and digests what they
return before and after the edits. A query's result can change without the page showing
it (a topic added to an entry whose other entries already carried it in that language,
say); such a page may be skipped, and its live bytes prove it.
"""

import random

import pytest
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from cms.export import export_site, fetch
from cms.export.manifest import Manifest
from cms.publishing import frozen_clock
from devtools.sample import generate_content
from tests.support.query_oracle import capture_statements, results_digest
from tests.support.random_edits import EDITS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hashed_static")]


def live_pages(urls, instant):
    """``{url: (its read statements, its bytes)}`` as the live site answers at ``instant``."""
    client, found = Client(), {}
    with override_settings(CMS_PAGE_CACHE_SECONDS=0), frozen_clock(instant):
        for url in urls:
            with capture_statements() as statements:
                response = client.get(url)
            found[url] = (statements, response.content)
    return found


@pytest.mark.parametrize("seed", [3, 11])
def test_incremental_renders_every_page_whose_queries_changed(tmp_path, monkeypatch, seed):
    rng = random.Random(seed)
    generate_content(12)
    instant = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: instant)
    export_site(tmp_path / "site")
    urls = [
        url
        for url, record in Manifest.load(tmp_path / "site").urls.items()
        if record.kind == "page" and not url.endswith("404.html")
    ]
    live = live_pages(urls, instant)
    before = {url: results_digest(statements) for url, (statements, _body) in live.items()}
    edits = rng.sample(EDITS, 3)
    for edit in edits:
        edit(rng)
    after = {url: results_digest(statements) for url, (statements, _body) in live.items()}
    rendered = []
    original = fetch.Renderer.render

    def render(self, path):
        rendered.append(path)
        return original(self, path)

    monkeypatch.setattr(fetch.Renderer, "render", render)
    export_site(tmp_path / "site", incremental=True)
    still = Manifest.load(tmp_path / "site").urls
    caught = {url for url in urls if before[url] != after[url] and url in still}
    assert caught, "the edits changed no query's result"
    skipped = sorted(caught - set(rendered))
    now = live_pages(skipped, instant)
    missed = [url for url in skipped if now[url][1] != live[url][1]]
    assert not missed, ([edit.__name__ for edit in edits], missed)
