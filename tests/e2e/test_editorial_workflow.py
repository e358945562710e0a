"""From an author's draft to a reader's page and the static copy, in a real browser.

One story, told in the order the team lives it: the author writes in the
Markdown editor (live preview, an uploaded image) and submits; the editor
finds it in the review queue, publishes it and adds the Chinese translation
from the translation panel; a reader opens it and switches language; the
export's copy, served by a plain static file server, shows the same page and
its Pagefind search finds both language versions.
"""

import base64
import io
import re

import pytest
from django.test.utils import override_settings
from PIL import Image, ImageDraw

from cms.export import export_site
from cms.models import Entry
from cms.publishing import Status
from tests.e2e import browser as b
from tests.factories import MANIFEST_STORAGE, collect_static, make_member, make_topic
from tests.test_search_static import needs_pagefind

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Sparse attention at the scale of genomes"
SLUG = "sparse-attention-at-the-scale-of-genomes"
ZH_TITLE = "基因组尺度的稀疏注意力"
BODY = """Long DNA sequences defeat dense attention; this paper makes it sparse.

### How it works

| Model | Context | Accuracy |
|---|---|---|
| Dense | 4k | 81.2 |
| Sparse | 1M | 84.9 |

```python
def block_mask(n, block):
    return [[i // block == j // block for j in range(n)] for i in range(n)]
```

"""
ZH_BODY = "长序列让稠密注意力无法承受；本文用稀疏注意力处理百万碱基的基因组。"


def png_bytes() -> bytes:
    """A small figure: a white canvas with a blue bar chart."""
    image = Image.new("RGB", (320, 160), "white")
    draw = ImageDraw.Draw(image)
    for index, height in enumerate((40, 90, 130, 70)):
        left = 30 + index * 70
        draw.rectangle([left, 150 - height, left + 40, 150], fill=(37, 99, 235))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def drop_file(page, selector: str, name: str, data: bytes, mime: str) -> None:
    """Drag a file from the desktop onto ``selector``: dragenter, dragover, drop."""
    page.evaluate(
        """([selector, name, encoded, mime]) => {
            const bytes = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, {type: mime}));
            const target = document.querySelector(selector);
            for (const type of ["dragenter", "dragover", "drop"]) {
                target.dispatchEvent(new DragEvent(type, {
                    bubbles: true, cancelable: true, dataTransfer: transfer,
                }));
            }
        }""",
        [selector, name, base64.b64encode(data).decode(), mime],
    )


def image_loaded(locator) -> bool:
    return locator.evaluate("(img) => img.complete && img.naturalWidth > 0")


def page_facts(page) -> dict:
    """What a reader sees of an entry page: title, heading, images drawn, the main text."""
    return {
        "title": page.title(),
        "h1": page.locator("h1").inner_text(),
        "images": page.locator("main img").count(),
        "images_loaded": page.locator("main img").evaluate_all(
            "(images) => images.filter((img) => img.complete && img.naturalWidth > 0).length"
        ),
        "main_text": page.locator("main").inner_text(),
    }


def author_writes_and_submits(page, base: str) -> None:
    b.log_in(page, base, "ada", "pw-ada")
    page.get_by_role("link", name="Entries").first.click()
    with page.expect_response(f"{base}/admin/cms/entry/add/") as opened:
        page.locator("a.addlink").first.click()
    # The editor runs under the site's Content-Security-Policy; a refusal would be in page.errors.
    assert "script-src" in opened.value.headers["content-security-policy"]

    assert page.locator("#id_language").input_value() == "en"
    page.locator("#id_title").press_sequentially(TITLE)
    # prepopulated as the title is typed (the admin's script follows the keys; on a loaded
    # machine the last ones land after press_sequentially returns, so wait for it)
    page.wait_for_function(f"() => document.querySelector('#id_slug').value === '{SLUG}'")
    page.fill("#id_summary", "Sparse attention reads whole genomes at once.")

    body = page.locator("#id_body")
    body.click()
    body.press_sequentially("## Sparse attention\n\n", delay=5)
    body.evaluate(
        "(area, text) => { area.setRangeText(text, area.selectionStart, area.selectionEnd, 'end');"
        " area.dispatchEvent(new Event('input', {bubbles: true})); }",
        BODY,
    )
    preview = b.preview(page)
    preview.locator("h3", has_text="How it works").wait_for()
    assert preview.locator("h2").inner_text() == "Sparse attention"
    assert preview.locator("table tr").count() == 3
    assert preview.locator("table td").nth(4).inner_text() == "1M"
    assert "def block_mask" in preview.locator("pre code").inner_text()
    editor_box, preview_box = body.bounding_box(), page.locator(b.PREVIEW_FRAME).bounding_box()
    assert editor_box["x"] + editor_box["width"] <= preview_box["x"]  # side by side, no overlap

    drop_file(page, "#id_body", "figure.png", png_bytes(), "image/png")
    figure = preview.locator("img").first
    figure.wait_for()
    assert re.fullmatch(
        r"/media/uploads/\d{4}/\d{2}/[0-9a-f]{32}\.png", figure.get_attribute("src")
    )
    b.preview_image_loaded(page, "img.complete && img.naturalWidth === 320")
    assert "![](/media/uploads/" in body.input_value()

    page.locator("input[name=_continue]").first.click()
    page.locator(".messagelist .success").wait_for()
    page.locator(".cms-status-line .cms-status--draft").wait_for()
    preview.locator("img").first.wait_for()
    b.shoot(page, "admin-editor")
    b.shoot_top(page, "admin-editor", height=1300)

    page.goto(f"{base}/admin/cms/entry/")
    row = page.locator("#result_list tbody tr", has_text=TITLE)
    row.locator("input.action-select").check()
    page.select_option("select[name=action]", "submit_for_review")
    page.locator("button[name=index]").click()
    assert "Submitted for review" in page.locator(".messagelist").inner_text()
    row.locator(".cms-status--review").wait_for()
    b.log_out(page, base)


def editor_publishes_and_translates(page, base: str) -> None:
    b.log_in(page, base, "eve", "pw-eve")
    queue = page.locator(".cms-review-queue")
    assert queue.get_by_role("heading").inner_text() == "Waiting for review"
    queue.get_by_role("link", name=TITLE).click()
    page.wait_for_url(re.compile(r".*/admin/cms/entry/\d+/change/$"))
    page.locator(".cms-status-line .cms-status--review").wait_for()
    b.preview(page).locator("img").first.wait_for()
    topics = page.get_by_role("searchbox", name="Topics")  # the admin's autocomplete, by keyboard
    topics.press_sequentially("Geno")
    page.locator(".select2-results__option--highlighted", has_text="Genomics").wait_for()
    topics.press("Enter")
    page.get_by_role("button", name="Publish now").click()
    assert "Published" in page.locator(".messagelist .success").inner_text()
    page.locator(".cms-status-line .cms-status--published").wait_for()

    page.get_by_role("link", name="Add a translation in 简体中文").click()
    page.wait_for_url(re.compile(r".*/admin/cms/entry/add/\?.*"))
    assert page.locator("#id_language").input_value() == "zh-hans"
    assert page.locator("#id_slug").input_value() == SLUG
    assert page.locator("#id_translation_method").input_value() == "human"
    assert TITLE in page.locator("#id_translation_of").evaluate(
        "(select) => select.selectedOptions[0].textContent"
    )
    page.locator("#id_title").press_sequentially(ZH_TITLE)
    assert page.locator("#id_slug").input_value() == SLUG  # typing the title keeps the link's slug
    page.fill("#id_translator", "Li Wei")
    page.fill("#id_body", f"## 稀疏注意力\n\n{ZH_BODY}\n")
    b.preview(page).locator("h2").wait_for()
    page.get_by_role("button", name="Publish now").click()
    page.wait_for_url(re.compile(r".*/admin/cms/entry/\d+/change/$"))
    assert "Published" in page.locator(".messagelist .success").inner_text()
    assert page.locator("#id_title").input_value() == ZH_TITLE
    b.log_out(page, base)


def reader_opens_and_switches_language(page, base: str) -> dict:
    page.goto(f"{base}/en/")
    page.get_by_role("link", name=TITLE).first.click()
    page.wait_for_url(f"{base}/en/entries/{SLUG}/")
    figure = page.locator("main img").first
    figure.wait_for()
    assert image_loaded(figure)
    assert page.locator("main table").count() == 1
    facts = page_facts(page)
    b.shoot(page, "published-entry")
    b.shoot_top(page, "published-entry")

    page.locator(".language-switcher").get_by_role("link", name="简体中文").click()
    page.wait_for_url(f"{base}/zh-hans/entries/{SLUG}/")
    assert page.locator("h1").inner_text() == ZH_TITLE
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "Li Wei" in page.locator(".translation-note").inner_text()
    return facts


@needs_pagefind
def test_author_drafts_editor_publishes_reader_and_static_copy_see_it(
    page, live_server, static_server, tmp_path
):
    topic = make_topic("genomics", "Genomics", **{"zh-hans": "基因组学"})
    make_member("author", "ada")
    make_member("editor", "eve")
    base = live_server.url

    author_writes_and_submits(page, base)
    assert Entry.objects.get(language="en", slug=SLUG).status == Status.REVIEW

    editor_publishes_and_translates(page, base)
    original = Entry.objects.get(language="en", slug=SLUG)
    assert list(original.topics.all()) == [topic]
    translation = Entry.objects.get(language="zh-hans", slug=SLUG)
    assert (original.status, translation.status) == (Status.PUBLISHED, Status.PUBLISHED)
    assert translation.translation_of == original
    assert translation.created_by.username == "eve"

    live = reader_opens_and_switches_language(page, base)
    assert live["images"] == live["images_loaded"] == 1

    docroot, origin = static_server
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": MANIFEST_STORAGE},
    }
    collect_static(tmp_path / "static")
    with override_settings(STATIC_ROOT=tmp_path / "static", STORAGES=storages):
        result = export_site(docroot, base_url=f"{origin}/", search=True)
    assert result.broken == [] and result.published
    assert (docroot / f"en/entries/{SLUG}/index.html").is_file()

    page.goto(f"{origin}/en/entries/{SLUG}/")
    page.locator("main img").first.wait_for()
    assert page_facts(page) == live
    b.shoot(page, "exported-entry")

    cases = [("en", "genomes", TITLE), ("zh-hans", "碱基", ZH_TITLE)]
    for language, query, title in cases:
        page.goto(f"{origin}/{language}/search/")
        page.fill("#search-q", query)
        page.press("#search-q", "Enter")
        first = page.locator(".search-result .card__title a").first
        first.wait_for()
        assert first.inner_text() == title
        if language == "en":
            b.shoot(page, "exported-search")
        first.click()
        page.wait_for_url(f"{origin}/{language}/entries/{SLUG}/")
        assert page.locator("h1").inner_text() == title
    assert page.errors == []
