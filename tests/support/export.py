"""A small site, the sample site exported with its standby, and the names of the export's
records beside its output. ``site`` is shared by tests/test_export_broken_links.py, _failures,
_incremental_runs, _output_folder, _path_safety and _contents; ``exported_sample`` by
tests/test_export_standby.py, _verify and _interrupted.
"""

from pathlib import Path

import pytest

from cms.models import TranslationMethod
from devtools.sample import generate_content
from tests.factories import (
    export_with_standby,
    make_entry,
    make_page,
    make_topic,
    make_user,
)


@pytest.fixture
def site():
    """A small site: an entry, its machine translation, a second entry, a topic, a page."""
    topic = make_topic("biology", "Biology", **{"zh-hans": "生物学"})
    author = make_user("mara", first_name="Mara")
    original = make_entry("Folding proteins", slug="folding", topics=[topic], authors=[author])
    make_entry(
        "蛋白质折叠",
        slug="folding",
        language="zh-hans",
        translation_of=original,
        translation_method=TranslationMethod.MACHINE,
        translator="Google Translate",
        topics=[topic],
        authors=[author],
    )
    make_entry("Second", slug="second", topics=[topic], authors=[author])
    make_page("About us", body="We read papers.")


@pytest.fixture
def exported_sample(tmp_path):
    """Six entries of ``devtools.sample`` exported into ``site``, with the standby an
    incremental export swapped out beside it."""
    generate_content(6)
    return export_with_standby(tmp_path / "site")


FILES, STANDBY, LOCK = ".site.export-files.json", ".site.export-standby", ".site.export.lock"
RECORDS = ".site.export"
BESIDE = [RECORDS, FILES, STANDBY, LOCK]


def leftovers(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def recording_paths(paths: list, method):
    """``method`` (a renderer's or client's, taking a path first) appending each path to
    ``paths`` before it runs: which URLs an export rendered or fetched."""

    def recording(owner, path, *args, **kwargs):
        paths.append(path)
        return method(owner, path, *args, **kwargs)

    return recording
