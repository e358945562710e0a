"""The translation desk in a real browser, with a stand-in LibreTranslate on a local port.

A translator opens the needs-translation queue, translates an original
with the engine, edits a paragraph beside the original's and submits it;
an editor publishes it; a reader sees who translated it, in Chinese on the
translation's page and in English on the original's.
"""

import re

import pytest
from django.test.utils import override_settings

from cms.models import Entry, TranslationAssignment
from cms.publishing import Status
from tests.e2e import browser as b
from tests.factories import make_entry, make_member, make_topic
from tests.support.mt_server import StandIn

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BODY = """Long DNA sequences defeat dense attention; this paper makes it sparse.

```python
def block_mask(n, block):
    return [[i // block == j // block for j in range(n)] for i in range(n)]
```

The mask costs $O(n)$ memory; the code is at https://example.org/code.
"""
EDITED = "长 DNA 序列让稠密注意力无法承受；本文让它变得稀疏。"


@pytest.fixture
def stand_in():
    server = StandIn().start()
    yield server
    server.stop()


def translator_translates_and_edits(page, base: str) -> None:
    b.log_in(page, base, "tess", "pw-tess")
    page.goto(f"{base}/admin/cms/entry/needs-translation/?language=zh-hans")
    row = page.locator(".cms-queue__table tbody tr", has_text="Sparse attention")
    row.get_by_role("button", name="Translate with LibreTranslate into 简体中文").click()
    page.wait_for_url(re.compile(r".*/admin/cms/entry/\d+/desk/$"))
    assert "Draft" in page.locator(".messagelist .success").inner_text()
    first = page.locator("#desk-paragraph-1")
    assert first.input_value().startswith("译:LONG DNA SEQUENCES")
    original = page.locator("#paragraph-1 .cms-translation-desk__original")
    assert "Long DNA sequences defeat dense attention" in original.inner_text()
    left, right = original.bounding_box(), first.bounding_box()
    assert left["x"] + left["width"] <= right["x"]  # side by side at 1280 px
    code = page.locator("#desk-paragraph-2").input_value()
    assert "return [[i // block == j // block" in code  # code as written
    b.shoot(page, "translation-desk")
    first.fill(EDITED)
    page.get_by_role("button", name="Save and submit for review").click()
    page.locator(".messagelist .success").wait_for()
    b.log_out(page, base)


def editor_publishes(page, base: str, translation: Entry) -> None:
    b.log_in(page, base, "eve", "pw-eve")
    page.goto(f"{base}/admin/cms/entry/{translation.pk}/change/")
    page.get_by_role("button", name="Publish now").click()
    assert "Published" in page.locator(".messagelist .success").inner_text()
    b.log_out(page, base)


def test_translator_uses_the_desk_editor_publishes_reader_sees_provenance(
    page, live_server, stand_in
):
    topic = make_topic("genomics", "Genomics", **{"zh-hans": "基因组学"})
    original = make_entry(
        "Sparse attention at genome scale",
        slug="sparse-attention",
        body=BODY,
        topics=[topic],
        arxiv_id="2401.01234",
    )
    tess = make_member("translator", "tess", first_name="Tess", last_name="Ng")
    eve = make_member("editor", "eve")
    TranslationAssignment.objects.create(
        original=original, language="zh-hans", translator=tess, assigned_by=eve
    )
    base = live_server.url
    with override_settings(
        CMS_MT_ENGINE=f"libretranslate+{stand_in.url}", CMS_MT_RETRY_PAUSE_SECONDS=0
    ):
        translator_translates_and_edits(page, base)
    translation = Entry.objects.get(language="zh-hans")
    assert translation.status == Status.REVIEW
    assert translation.body.startswith(EDITED)
    assert "```python\ndef block_mask(n, block):" in translation.body
    assert "$O(n)$" in translation.body and "https://example.org/code" in translation.body

    editor_publishes(page, base, translation)

    page.goto(f"{base}{translation.get_absolute_url()}")
    note = page.locator(".translation-note").first.inner_text()
    assert "由 LibreTranslate 机器翻译，Tess Ng 编辑" in note
    assert "arxiv.org/abs/2401.01234" in page.locator("aside.paper").inner_html()
    assert "基因组学" in page.locator("ul.tags").inner_text()
    page.goto(f"{base}{original.get_absolute_url()}")
    versions = page.locator("aside.versions").inner_text()
    assert "Machine translation by LibreTranslate, edited by Tess Ng" in versions


@pytest.mark.parametrize("width", [390, 1280])
def test_queue_and_desk_with_a_changed_original_fit_the_screen_and_pass_axe(
    page, live_server, axe, width
):
    original = make_entry("Sparse attention at genome scale", slug="sparse-attention", body=BODY)
    make_entry("Dense attention, revisited", slug="dense")
    translation = make_entry(
        "基因组尺度的稀疏注意力",
        slug="sparse-attention",
        language="zh-hans",
        translation_of=original,
        translation_method="machine",
        translator="LibreTranslate",
        status=Status.DRAFT,
        body=BODY.replace("Long DNA sequences defeat dense attention", EDITED),
    )
    original.body = BODY.replace("makes it sparse", "makes it sparse and keeps it exact")
    original.save()
    make_member("editor", "eve")
    base = live_server.url
    page.set_viewport_size({"width": width, "height": b.HEIGHT})
    b.log_in(page, base, "eve", "pw-eve")
    for path, ready in (
        ("/admin/cms/entry/needs-translation/?language=zh-hans", ".cms-queue__table"),
        (f"/admin/cms/entry/{translation.pk}/desk/", ".cms-translation-desk__changed"),
    ):
        page.goto(base + path)
        page.locator(ready).first.wait_for()
        assert b.horizontal_overflow(page) <= 0, f"{path} scrolls sideways at {width} px"
        violations = axe(page)
        assert violations == [], f"{path} at {width} px: {b.describe(violations)}"
