"""The editor's live preview looks as the published page will: it is a frame that loads the
site's own stylesheets (static/cms/admin-preview.js), so math, highlighted code, tables and
Chinese text get the same computed styles in the preview as on the entry's public page."""

import pytest

from cms.models import Entry
from devtools.demo import load_demo_content
from tests.e2e import browser as b
from tests.factories import make_member

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SLUG = "attention-is-all-you-need"

# Computed styles of the rendered body under ``article.entry``, from the page's side, so
# the frame (which runs no script of its own) is read through its document.
STYLES = """(article) => {
  const style = (selector, names) => {
    const element = article.querySelector(selector);
    if (!element) return null;
    const computed = element.ownerDocument.defaultView.getComputedStyle(element);
    return Object.fromEntries(names.map((name) => [name, computed.getPropertyValue(name)]));
  };
  const formula = article.querySelector('.math-display math');
  return {
    lang: article.closest('[lang]').lang,
    prose: style('.prose', ['font-family', 'font-size', 'line-height', 'color']),
    heading: style('.prose h2', ['font-family', 'font-size']),
    code: style('.prose pre', ['background-color', 'border-top-color', 'font-family']),
    token: style('.prose pre code span[class]', ['color']),
    label: style('.prose .code-language', ['font-size', 'background-color']),
    table: style('.prose th', ['border-bottom-color', 'font-family']),
    caption: style('.prose .figure figcaption', ['color', 'text-align']),
    math: formula && [formula.getAttribute('display'), formula.getBoundingClientRect().height > 30],
  };
}"""


def preview_styles(page) -> dict:
    frame = page.locator(b.PREVIEW_FRAME)
    frame.wait_for()
    b.preview(page).locator(".math-display math").wait_for()
    return page.evaluate(
        f"() => ({STYLES})(document.querySelector('{b.PREVIEW_FRAME}')"
        ".contentDocument.querySelector('article.entry'))"
    )


@pytest.fixture
def editor(live_server, page):
    load_demo_content()
    make_member("editor", "eve")
    b.log_in(page, live_server.url, "eve", "pw-eve")
    return page


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_preview_has_the_published_pages_styles_for_math_code_and_chinese(
    editor, live_server, language
):
    page = editor
    base = live_server.url
    page.goto(f"{base}/{language}/entries/{SLUG}/")
    published = page.locator("article.entry").evaluate(STYLES)
    entry = Entry.objects.get(slug=SLUG, language=language)
    page.goto(f"{base}/admin/cms/entry/{entry.pk}/change/")
    shown = preview_styles(page)
    assert shown["lang"] == language
    assert all(value is not None for value in published.values()), published
    assert shown == published
    assert page.errors == []
    b.shoot(page, f"editor-preview-{language}")
