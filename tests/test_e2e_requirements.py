"""When the browser tests skip and when they fail: a bare machine skips, CI must not."""

import importlib.util

import pytest

from tests.e2e import browser
from tests.e2e.conftest import need


def test_missing_chromium_names_the_path_and_the_package(tmp_path):
    reason = browser.missing_requirement(chromium=tmp_path / "chromium")
    assert (
        reason
        == f"no Chromium at {tmp_path / 'chromium'} (apt-get install chromium fonts-noto-cjk)"
    )


def test_missing_playwright_says_how_to_install_it(monkeypatch, tmp_path):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "playwright" else real(name)
    )
    assert "Playwright for Python is not installed" in browser.missing_requirement(
        chromium=tmp_path
    )


def test_missing_axe_core_matters_only_to_the_accessibility_tests(monkeypatch, tmp_path):
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)
    monkeypatch.setattr(browser, "AXE_JS", tmp_path / "axe.min.js")
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: object())
    assert browser.missing_requirement(chromium=chromium) is None
    assert "npm ci --prefix tests/e2e" in browser.missing_requirement(axe=True, chromium=chromium)


def test_without_a_browser_the_tests_skip(monkeypatch):
    monkeypatch.delenv("CMS_E2E_REQUIRED", raising=False)
    monkeypatch.setattr(browser, "missing_requirement", lambda axe=False: "no Chromium here")
    with pytest.raises(pytest.skip.Exception, match="no Chromium here"):
        need()


@pytest.mark.parametrize("value", ["1", "true", "yes"])
def test_with_cms_e2e_required_a_missing_browser_fails(monkeypatch, value):
    monkeypatch.setenv("CMS_E2E_REQUIRED", value)
    monkeypatch.setattr(browser, "missing_requirement", lambda axe=False: "no Chromium here")
    with pytest.raises(pytest.fail.Exception, match="CMS_E2E_REQUIRED is set but no Chromium"):
        need()


def test_nothing_missing_means_nothing_happens(monkeypatch):
    monkeypatch.setenv("CMS_E2E_REQUIRED", "1")
    monkeypatch.setattr(browser, "missing_requirement", lambda axe=False: None)
    assert need(axe=True) is None
