"""Browser fixtures: one Chromium per session, a fresh context per test, a screenshot on failure.

Every test here is marked ``e2e``. Without Playwright or ``/usr/bin/chromium``
the tests skip with the reason, so ``python -m pytest`` passes on a bare
machine; with ``CMS_E2E_REQUIRED=1`` (as ``.ci/run`` sets) they fail instead.
"""

import functools
import http.server
import threading

import pytest

from tests.e2e import browser as b


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def need(*, axe: bool = False) -> None:
    reason = b.missing_requirement(axe=axe)
    if reason is None:
        return
    if b.required():
        pytest.fail(f"CMS_E2E_REQUIRED is set but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def chromium():
    """One Chromium per module, closed with it.

    Playwright's sync API keeps an event loop in this thread, so Django's
    guard against database calls from async code would refuse every query;
    the calls here are plain synchronous ones, so the guard is lifted while
    the browser is open and put back after.
    """
    need()
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(b.CHROMIUM),
                args=["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
            )
            yield browser
            browser.close()


@pytest.fixture
def axe():
    need(axe=True)
    return b.axe_violations


@pytest.fixture
def page(chromium, request):
    """A page in a fresh context (no cookies), 1280 px wide, that records script errors.

    When the test fails, its last screen is saved under
    ``test-artifacts/screenshots/failures/``.
    """
    context = chromium.new_context(
        viewport={"width": b.WIDTHS["wide"], "height": b.HEIGHT}, locale="en-GB"
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.errors = []  # uncaught script errors, and CSP refusals reported on the console
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            message.type == "error"
            and "Content Security Policy" in message.text
            and page.errors.append(message.text)
        ),
    )
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        path = b.screenshot_path(f"failures/{request.node.name}")
        try:
            page.screenshot(path=str(path), full_page=True)
            print(f"\nScreenshot of the failing page: {path}")
        except Exception as error:  # the page may be gone; the test's own error matters more
            print(f"\nNo screenshot of the failing page: {error}")
    context.close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def static_server(tmp_path):
    """A plain static file server on 127.0.0.1 (no Django), as any static host is."""
    docroot = tmp_path / "www"
    docroot.mkdir()
    handler = functools.partial(QuietHandler, directory=str(docroot))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield docroot, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
