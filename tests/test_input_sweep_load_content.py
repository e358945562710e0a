"""``load_content``, fed control characters and Markdown that cannot be rendered:
characters removed and reported, an unrenderable body refused naming the entry.
"""

import io
import json

import pytest

from cms.exceptions import ImportFailed
from cms.models import Entry, Topic
from cms.portability import content_document, load_content
from tests.factories import make_entry, make_topic
from tests.support import input_sweep as shared
from tests.support.content_dump import wipe
from tests.support.input_sweep import control, renders, unrenderable

pytestmark = pytest.mark.django_db

# Fixtures defined once in tests/support/input_sweep.py for the modules that share them.
fresh_throttle_history = shared.fresh_throttle_history


def dump_then_empty(**entry_fields) -> dict:
    """The dump of a one-entry site, with ``entry_fields`` written into it; the site emptied."""
    topic = make_topic("biology", "Biology")
    make_entry("Folding", slug="folding", topics=[topic])
    document = content_document()
    document["entries"][0].update(entry_fields)
    wipe()
    return document


def load(document: dict):
    return load_content(io.BytesIO(json.dumps(document).encode()), source="dump.json")


@control
def test_load_content_removes_control_characters_and_reports_them(c):
    document = dump_then_empty(title=f"Fold{c}ing", body=f"Some{c} text")
    document["topics"][0]["names"] = {"zh-hans": f"生物{c}学"}
    document["revisions"][0]["title"] = f"Fold{c}ing"
    result = load(document)
    entry = Entry.objects.get()
    assert (entry.title, entry.body) == ("Folding", "Some text")
    assert entry.body_html == "<p>Some text</p>"
    assert Topic.objects.get().names == {"zh-hans": "生物学"}
    assert set(entry.history.values_list("title", flat=True)) == {"Folding"}
    summary = result.summary("dump.json")
    assert "4 fields" in summary and f"U+{ord(c):04X}" in summary, summary


@unrenderable
def test_load_content_of_an_unrenderable_body_is_refused_naming_the_entry(body):
    document = dump_then_empty(body=body)
    if renders(body):
        load(document)
        return
    with pytest.raises(ImportFailed, match=r"entries\[0\] \(en/folding\): body: "):
        load(document)
    assert not Entry.objects.exists() and not Topic.objects.exists()
