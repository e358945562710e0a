"""The export collects static files only when their sources changed since the last collection."""

import os
import time

import pytest

from cms.export.static import collect_static


@pytest.fixture
def static_source(settings, tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "site.css").write_text("body { color: black; }")
    settings.STATICFILES_DIRS = [source]
    settings.STATIC_ROOT = tmp_path / "collected"
    return source


def test_unchanged_sources_are_not_collected_again(static_source, settings):
    assert collect_static() is True
    assert (settings.STATIC_ROOT / "site.css").read_text() == "body { color: black; }"
    assert collect_static() is False


def test_edited_source_is_collected_again(static_source, settings):
    collect_static()
    css = static_source / "site.css"
    css.write_text("body { color: navy; }")
    later = time.time() + 60
    os.utime(css, (later, later))
    assert collect_static() is True
    assert (settings.STATIC_ROOT / "site.css").read_text() == "body { color: navy; }"


def test_added_source_is_collected(static_source, settings):
    collect_static()
    (static_source / "extra.js").write_text("// new")
    assert collect_static() is True
    assert (settings.STATIC_ROOT / "extra.js").is_file()


def test_deleted_manifest_means_collecting_again(static_source, settings):
    from tests.factories import MANIFEST_STORAGE

    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": MANIFEST_STORAGE}}
    assert collect_static() is True
    (settings.STATIC_ROOT / "staticfiles.json").unlink()
    assert collect_static() is True
    assert (settings.STATIC_ROOT / "staticfiles.json").is_file()
