"""What the browser tests need, and what they do in a page: find Chromium, log in, axe, shoot.

Plain functions, so the skip rule itself is tested without a browser
(``tests/test_e2e_requirements.py``) and the scenarios read as steps.
"""

import importlib.util
import json
import os
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CMS_E2E_CHROMIUM", "/usr/bin/chromium"))
AXE_JS = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("CMS_E2E_ARTIFACTS", REPO / "test-artifacts"))
SCREENSHOTS = ARTIFACTS / "screenshots"
WIDTHS = {"narrow": 390, "wide": 1280}
HEIGHT = 900


def required() -> bool:
    """In CI (``CMS_E2E_REQUIRED=1``) a missing browser fails the run instead of skipping."""
    return os.environ.get("CMS_E2E_REQUIRED", "").strip().lower() in {"1", "true", "yes"}


def missing_requirement(*, axe: bool = False, chromium: Path = CHROMIUM) -> str | None:
    """Why the browser tests cannot run here, or ``None`` when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    if not chromium.is_file() or not os.access(chromium, os.X_OK):
        return f"no Chromium at {chromium} (apt-get install chromium fonts-noto-cjk)"
    if axe and not AXE_JS.is_file():
        return f"axe-core is not installed at {AXE_JS} (npm ci --prefix tests/e2e)"
    return None


def screenshot_path(name: str) -> Path:
    """``test-artifacts/screenshots/<name>.png``; folders made as needed."""
    parts = [re.sub(r"[^A-Za-z0-9_.-]+", "-", part).strip("-") for part in name.split("/")]
    path = SCREENSHOTS.joinpath(*parts[:-1], f"{parts[-1]}.png")
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def shoot(page, name: str) -> dict[str, Path]:
    """Full-page screenshots of ``page`` at 390 and 1280 px wide, named ``<name>-<width>``."""
    original = page.viewport_size
    taken = {}
    for width in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": HEIGHT})
        path = screenshot_path(f"{name}-{width}")
        page.screenshot(path=str(path), full_page=True)
        taken[width] = path
    page.set_viewport_size(original)
    return taken


def shoot_top(page, name: str, height: int = 1000) -> Path:
    """What a 1280 px wide window shows without scrolling (the README's pictures)."""
    original = page.viewport_size
    page.set_viewport_size({"width": WIDTHS["wide"], "height": height})
    page.evaluate("() => window.scrollTo(0, 0)")
    path = screenshot_path(f"{name}-top")
    page.screenshot(path=str(path))
    page.set_viewport_size(original)
    return path


def shoot_at(page, name: str, selector: str, height: int = 1000) -> Path:
    """A 1280 px wide window scrolled so that ``selector`` is near its top (README pictures)."""
    original = page.viewport_size
    page.set_viewport_size({"width": WIDTHS["wide"], "height": height})
    page.locator(selector).first.evaluate("(e) => window.scrollTo(0, e.offsetTop - 24)")
    path = screenshot_path(f"{name}-at")
    page.screenshot(path=str(path))
    page.set_viewport_size(original)
    return path


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than its viewport (0: no sideways scroll)."""
    return page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


def axe_violations(page, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """Run axe-core in ``page``; the violations of the given impacts, in a readable shape."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol, so the site's CSP (script-src
        # 'self') does not block it as it would an injected <script>.
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in results["violations"]
        if violation["impact"] in impacts
    ]


def describe(violations: list[dict]) -> str:
    return json.dumps(violations, indent=2, ensure_ascii=False)


# The editor's live preview is a frame in the site's stylesheet (static/cms/admin-preview.js).
PREVIEW_FRAME = ".cms-preview-frame"
PREVIEW_NOTES = ".cms-preview-notes .preview-notes"


def preview(page):
    """The rendered body inside the editor's preview frame."""
    return page.frame_locator(PREVIEW_FRAME).locator(".prose")


def preview_image_loaded(page, check: str = "img.complete && img.naturalWidth > 0") -> None:
    """Wait until the preview frame shows an image for which ``check`` (JS, on ``img``) holds."""
    page.wait_for_function(
        "() => { const frame = document.querySelector('.cms-preview-frame');"
        " const img = frame && frame.contentDocument"
        " && frame.contentDocument.querySelector('.prose img');"
        f" return Boolean(img) && ({check}); }}"
    )


def log_in(page, base_url: str, username: str, password: str) -> None:
    """The admin's login form, typed as a person would (``tests.factories`` passwords)."""
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{base_url}/admin/")


def log_out(page, base_url: str) -> None:
    page.locator("#logout-form button").click()
    page.wait_for_url(re.compile(r".*/admin/logout/$"))
