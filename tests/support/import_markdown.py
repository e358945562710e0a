"""The Hugo and Jekyll test folders, and helpers that write files and read what an import did;
shared by tests/test_import_markdown_*.py.
"""

from pathlib import Path

import pytest

from cms.exceptions import ImportFailed
from cms.importers.markdown_files import import_markdown
from cms.models import Entry, Topic

DATA = Path(__file__).parent.parent / "data" / "markdown"
HUGO = DATA / "hugo"


def write(root: Path, rel: str, content: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def entry(language: str, slug: str) -> Entry:
    return Entry.objects.get(language=language, slug=slug)


def failure(root: Path) -> str:
    with pytest.raises(ImportFailed) as caught:
        import_markdown(root)
    assert Entry.objects.count() == 0 and Topic.objects.count() == 0
    return str(caught.value)
