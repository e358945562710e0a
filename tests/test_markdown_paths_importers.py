"""The three importers fed the hostile corpus: whatever they keep renders safe (catalogue X16).

An importer may refuse an input (an import error); it must never store it unsafe.
"""

import io
from contextlib import suppress

import pytest

from cms.exceptions import ImportFailed
from cms.importers.arxiv import import_arxiv
from cms.importers.digest import import_digest
from cms.importers.markdown_files import import_markdown
from cms.models import Entry
from tests.support.markdown import HOSTILE_IDS, HOSTILE_TEXTS, assert_safe_html

pytestmark = pytest.mark.django_db

hostile = pytest.mark.parametrize("text", HOSTILE_TEXTS, ids=HOSTILE_IDS)


@hostile
def test_markdown_file_import_is_safe(tmp_path, text):
    (tmp_path / "hostile.md").write_text(f"---\ntitle: Hostile\n---\n\n{text}\n")
    with suppress(ImportFailed):
        import_markdown(tmp_path)
    for entry in Entry.objects.all():
        assert_safe_html(entry.body_html)


@hostile
def test_digest_import_is_safe(text):
    digest = f"{text}\n\nWe measure how often robots drop cups.\ntranslated by Google Translate\n"
    with suppress(ImportFailed):
        import_digest(io.BytesIO(digest.encode()), source="digest.txt")
    for entry in Entry.objects.all():
        assert_safe_html(entry.body_html)


def _xml_text(text: str) -> str:
    text = "".join(ch for ch in text if ch in "\t\n\r" or ord(ch) >= 0x20)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@hostile
def test_arxiv_abstract_and_title_are_text_and_safe(text):
    feed = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">'
        "<entry><id>http://arxiv.org/abs/2403.00001v1</id>"
        "<published>2024-03-01T00:00:00Z</published><updated>2024-03-01T00:00:00Z</updated>"
        f"<title>Paper {_xml_text(text)[:200]}</title><summary>{_xml_text(text)}</summary>"
        "<author><name>A. Author</name></author>"
        '<arxiv:primary_category term="cs.AI" scheme="http://arxiv.org/schemas/atom"/>'
        "</entry></feed>"
    )
    with suppress(ImportFailed):
        import_arxiv(io.BytesIO(feed.encode()), source="feed.xml")
    for entry in Entry.objects.all():
        assert_safe_html(entry.body_html)
