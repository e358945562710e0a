"""The reader's pages on the live site: accessible (axe-core), no sideways scroll at 390 px.

The demo content is what a new install shows, so these pages are the ones a
first visitor sees: home, an entry with a table and code, a topic, a search.
Each is screenshotted at 390 and 1280 px wide.
"""

import pytest

from devtools.demo import load_demo_content
from tests.e2e import browser as b

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PAGES = {
    "home": "/en/",
    "home-zh": "/zh-hans/",
    "entry": "/en/entries/attention-is-all-you-need/",
    "entry-zh": "/zh-hans/entries/attention-is-all-you-need/",
    "topic": "/en/topics/machine-learning/",
    "search": "/en/search/?q=attention",
    "search-zh": "/zh-hans/search/?q=注意力",
}


@pytest.fixture
def demo_site(live_server):
    load_demo_content()
    return live_server.url


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violation_and_fits_a_phone(page, axe, demo_site, name):
    response = page.goto(demo_site + PAGES[name])
    assert response.status == 200
    assert page.locator("main h1").count() == 1
    if name.startswith("search"):
        assert page.locator(".search-result").count() >= 1

    violations = axe(page)
    assert violations == [], b.describe(violations)

    page.set_viewport_size({"width": b.WIDTHS["narrow"], "height": b.HEIGHT})
    assert b.horizontal_overflow(page) == 0
    violations = axe(page)
    assert violations == [], b.describe(violations)

    b.shoot(page, name)
    assert page.errors == []


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_entry_shows_typeset_math_a_captioned_figure_and_highlighted_code(
    page, demo_site, language
):
    page.goto(f"{demo_site}/{language}/entries/attention-is-all-you-need/")
    formula = page.locator(".math-display math")
    assert formula.get_attribute("display") == "block"
    box = formula.bounding_box()
    assert box["width"] > 150 and box["height"] > 30  # laid out as math, not a line of text
    assert page.locator(".prose li math").count() >= 1  # inline d_k
    figure = page.locator("figure.figure")
    assert figure.locator("img").evaluate("(img) => img.complete && img.naturalWidth") == 400
    assert figure.locator("figcaption").inner_text().startswith(("Figure 1", "图 1"))
    code = page.locator("figure.code-block")
    assert code.locator("figcaption").inner_text() == "Python"
    keyword = code.locator("span.k").first
    colour = keyword.evaluate("(e) => getComputedStyle(e).color")
    assert colour != code.locator("pre").evaluate("(e) => getComputedStyle(e).color")
    page.set_viewport_size({"width": b.WIDTHS["narrow"], "height": b.HEIGHT})
    assert b.horizontal_overflow(page) == 0
    b.shoot(page, f"reading-{language}")
    b.shoot_at(page, f"reading-{language}", ".math-display")
    assert page.errors == []


def test_keyboard_reaches_main_content_through_the_skip_link(page, demo_site):
    page.goto(demo_site + PAGES["entry"])
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#main"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash") == "#main"


def test_axe_check_reports_what_it_should(page, axe):
    """The check itself works: an unlabelled field and an image without alt are caught."""
    page.set_content('<html lang="en"><body><main><img src="x.png"><input></main></body></html>')
    assert {violation["id"] for violation in axe(page)} >= {"image-alt", "label"}
