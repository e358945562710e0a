"""The revision diff's rendered view: the body's changed blocks as readers see them (a
formula typeset, a table, a code block), before and after, beside the Markdown source view."""

import html5lib
import pytest
from django.urls import reverse

from cms.admin.rendered_diff import rendered_diff
from cms.publishing import Status
from tests.factories import make_entry

pytestmark = pytest.mark.django_db

BEFORE = "Intro stays.\n\n$$\nE = mc^2\n$$\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nOutro stays."
AFTER = "Intro stays.\n\n$$\nE = mc^3\n$$\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nNew **end**."


def page(client, entry, view: str | None = None):
    url = reverse("admin:cms_entry_revisions", args=[entry.pk])
    response = client.get(url, {"view": view} if view else {})
    assert response.status_code == 200
    return html5lib.parse(response.content, namespaceHTMLElements=False)


@pytest.fixture
def entry():
    entry = make_entry("Energy", body=BEFORE, status=Status.DRAFT)
    entry.body = AFTER
    entry.save()
    return entry


def test_changed_blocks_are_rendered_before_and_after_and_unchanged_runs_folded():
    blocks = rendered_diff(BEFORE, AFTER)
    kinds = [next(iter(block)) for block in blocks]
    assert kinds == ["unchanged", "removed", "added", "unchanged", "removed", "added"]
    assert "<math" in blocks[1]["removed"] and "<mn>2</mn>" in blocks[1]["removed"]
    assert "<mn>3</mn>" in blocks[2]["added"]
    assert blocks[3] == {"unchanged": 1}  # the table, unchanged
    assert blocks[5]["added"] == "<p>New <strong>end</strong>.</p>"


def test_a_code_block_with_blank_lines_is_one_block():
    before = "```python\ndef f():\n\n    return 1\n```"
    after = before.replace("return 1", "return 2")
    removed, added = rendered_diff(before, after)
    assert "<pre" in removed["removed"] and "<pre" in added["added"]


def test_the_page_offers_source_and_rendered_views_and_shows_the_chosen_one(editor_client, entry):
    source = page(editor_client, entry)
    views = source.find(".//nav[@class='cms-diff-views']")
    links = {link.text: link for link in views.iter("a")}
    assert set(links) == {"Source (Markdown)", "Rendered"}
    assert links["Source (Markdown)"].get("aria-current") == "page"
    assert "view=rendered" in links["Rendered"].get("href")
    assert source.find(".//div[@class='cms-rendered-diff']") is None
    assert source.find(".//div[@class='cms-diff cms-diff--body']") is not None

    rendered = page(editor_client, entry, "rendered")
    panel = rendered.find(".//div[@class='cms-rendered-diff']")
    removed = panel.findall(
        ".//div[@class='cms-rendered-diff__block cms-rendered-diff__block--removed']"
    )
    added = panel.findall(
        ".//div[@class='cms-rendered-diff__block cms-rendered-diff__block--added']"
    )
    assert len(removed) == len(added) == 2
    assert added[0].find(".//{http://www.w3.org/1998/Math/MathML}math") is not None
    assert added[1].find(".//strong").text == "end"
    assert rendered.find(".//div[@class='cms-diff cms-diff--body']") is None
    assert "1 block unchanged" in "".join(panel.itertext())


def test_a_body_that_no_longer_renders_says_why_and_keeps_the_source_view(
    editor_client, entry, monkeypatch
):
    from cms.exceptions import MarkdownError

    def refuse(_text):
        raise MarkdownError("Too deep.")

    monkeypatch.setattr("cms.admin.rendered_diff.source_blocks", refuse)
    rendered = page(editor_client, entry, "rendered")
    assert "The body cannot be rendered: Too deep." in "".join(rendered.itertext())
    assert rendered.find(".//div[@class='cms-diff cms-diff--body']") is not None
