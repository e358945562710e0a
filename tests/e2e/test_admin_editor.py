"""The admin by keyboard and screen reader: the editor, uploads, refusals, axe-core."""

import re

import pytest

from cms.models import Topic
from cms.publishing import Status
from tests.e2e import browser as b
from tests.e2e.test_editorial_workflow import png_bytes
from tests.factories import make_entry, make_member, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def add_form(page, live_server):
    make_member("author", "ada")
    b.log_in(page, live_server.url, "ada", "pw-ada")
    page.goto(f"{live_server.url}/admin/cms/entry/add/")
    page.locator("#id_body[data-markdownx-init]").wait_for(state="attached")
    return page


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement.id")


def test_tab_leaves_the_editor_and_shift_tab_comes_back(add_form):
    page = add_form
    page.locator("#id_body").click()
    page.keyboard.type("First line")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_body_upload_alt"
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_body_upload"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert focused_id(page) == "id_body"
    assert page.locator("#id_body").input_value() == "First line"


def test_image_chosen_with_the_file_input_is_uploaded_into_text_and_preview(add_form):
    page = add_form
    page.locator("#id_body").fill("A figure:\n\n")
    label = page.get_by_label("Upload an image")
    label.set_input_files(
        files=[{"name": "figure.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    b.preview_image_loaded(page, "img.complete && img.naturalWidth === 320")
    text = page.locator("#id_body").input_value()
    assert re.fullmatch(r"A figure:\n\n!\[\]\(/media/uploads/\d{4}/\d{2}/[0-9a-f]{32}\.png\)", text)
    assert page.locator(".cms-upload__error").inner_text() == ""
    notes = page.locator(f"{b.PREVIEW_NOTES} li")
    notes.first.wait_for()
    assert "has no alt text" in notes.first.inner_text()
    assert page.errors == []


def test_description_asked_for_on_upload_becomes_the_alt_text(add_form):
    page = add_form
    page.locator("#id_body").fill("A figure:\n\n")
    page.get_by_label("Describe the image (alt text)").fill("A falling [loss] curve")
    page.get_by_label("Upload an image").set_input_files(
        files=[{"name": "figure.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    b.preview_image_loaded(page, "img.alt === 'A falling loss curve'")
    text = page.locator("#id_body").input_value()
    assert re.fullmatch(r"A figure:\n\n!\[A falling loss curve\]\(/media/uploads/\S+\.png\)", text)
    assert page.get_by_label("Describe the image (alt text)").input_value() == ""
    assert page.locator(b.PREVIEW_NOTES).count() == 0
    assert page.errors == []


def test_refused_upload_says_why_and_leaves_the_text_alone(add_form):
    page = add_form
    page.locator("#id_body").fill("Keep this.")
    page.get_by_label("Upload an image").set_input_files(
        files=[{"name": "notes.png", "mimeType": "image/png", "buffer": b"just text"}]
    )
    alert = page.get_by_role("alert")
    alert.filter(has_text="Only PNG, JPEG, GIF and WebP images can be uploaded.").wait_for()
    page.wait_for_function("() => !document.querySelector('#id_body').value.includes('Invalid')")
    assert page.locator("#id_body").input_value() == "Keep this."


def test_entry_form_has_no_serious_accessibility_violation(add_form, axe):
    """Including the admin's autocomplete boxes, whose fields this project labels."""
    page = add_form
    page.locator("#id_body").fill("## Heading\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    b.preview(page).locator("table").wait_for()
    violations = axe(page)
    assert violations == [], b.describe(violations)
    assert page.get_by_role("searchbox", name="Topics").count() == 1
    assert page.get_by_role("combobox", name="Translation of").count() == 1
    b.shoot(page, "admin-add-entry")


def test_review_queue_and_entry_list_have_no_serious_accessibility_violation(
    page, live_server, axe
):
    make_member("editor", "eve")
    make_entry("Waiting for a look", status=Status.REVIEW)
    b.log_in(page, live_server.url, "eve", "pw-eve")
    page.locator(".cms-review-queue").get_by_role("link", name="Waiting for a look").wait_for()
    violations = axe(page)
    assert violations == [], b.describe(violations)
    b.shoot(page, "admin-index")
    page.goto(f"{live_server.url}/admin/cms/entry/")
    page.locator("#result_list .cms-status--review").wait_for()
    violations = axe(page)
    assert violations == [], b.describe(violations)
    b.shoot(page, "admin-entry-list")


def test_a_content_security_policy_refusal_is_caught_as_a_page_error(add_form):
    """The guard the other tests rely on when they assert ``page.errors == []``."""
    page = add_form
    page.evaluate(
        "() => document.head.appendChild("
        "Object.assign(document.createElement('script'), {textContent: 'window.ran = 1'}))"
    )
    for _ in range(50):  # the console message arrives on its own, shortly after
        if any("Content Security Policy" in error for error in page.errors):
            break
        page.wait_for_timeout(100)
    assert any("Content Security Policy" in error for error in page.errors)
    assert page.evaluate("() => window.ran") is None


def test_author_finds_a_colleague_by_name_for_the_byline(add_form):
    make_user("mara", staff=True, first_name="Mara", last_name="Lind")
    page = add_form
    page.locator("#id_authors + .select2").click()
    page.keyboard.type("Lind")
    option = page.locator(".select2-results__option", has_text="mara")
    option.wait_for()
    b.shoot(page, "admin-byline-search")
    option.click()
    chosen = page.locator("#id_authors").evaluate("s => [...s.selectedOptions].map(o => o.text)")
    assert chosen == ["ada", "mara"]  # the writer was in the byline already
    assert page.errors == []


def test_editor_names_a_topic_in_every_language(page, live_server):
    make_member("editor", "edith")
    b.log_in(page, live_server.url, "edith", "pw-edith")
    page.goto(f"{live_server.url}/admin/cms/topic/add/")
    page.fill("#id_name", "Graph theory")
    page.fill("#id_name_zh_hans", "图论")
    b.shoot(page, "admin-add-topic")
    page.locator("input[name=_save]").click()
    page.wait_for_url(f"{live_server.url}/admin/cms/topic/")
    assert Topic.objects.get(slug="graph-theory").names == {"zh-hans": "图论"}
    assert page.errors == []
