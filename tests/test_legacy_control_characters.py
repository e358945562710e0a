"""Rows that already hold control characters still publish: valid feeds, a working export.

The rows here are written with ``QuerySet.update`` (no validation), as raw
SQL or a version before the check would have written them. Control
characters cannot be carried by XML 1.0, so the feeds leave them out.
"""

import io
import xml.etree.ElementTree as ElementTree

import pytest
from django.core.management import call_command

from cms.models import Entry, Topic
from tests.factories import make_entry, make_topic, make_user

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
CHARACTERS = "\x01\x08\x0b\x0c\x1b\x1f\x7f\x85\x9f\ufffe\uffff"


@pytest.fixture
def legacy_entry():
    """A public entry whose title, summary, body, topic and byline hold control characters."""
    author = make_user("li", first_name="Li", last_name="Wei")
    topic = make_topic("biology", "Biology")
    entry = make_entry("Folding", slug="folding", topics=[topic], authors=[author])
    Entry.objects.filter(pk=entry.pk).update(
        title=f"Fold{CHARACTERS}ing",
        summary=f"A\x01 summary{CHARACTERS}",
        body=f"Body\x02 text{CHARACTERS}",
        body_html=f"<p>Body\x02 text{CHARACTERS}</p>",
    )
    Topic.objects.filter(pk=topic.pk).update(name="Bio\x03logy", names={"zh-hans": "生物\x04学"})
    type(author).objects.filter(pk=author.pk).update(first_name="Li\x05")
    return Entry.objects.get(pk=entry.pk)


def parsed_feed(client, path: str) -> ElementTree.Element:
    response = client.get(path)
    assert response.status_code == 200
    return ElementTree.fromstring(response.content)


@pytest.mark.parametrize("path", ["/en/feed.xml", "/en/topics/biology/feed.xml"])
def test_feed_with_control_characters_in_the_rows_is_valid_xml_without_them(
    client, legacy_entry, path
):
    feed = parsed_feed(client, path)
    (item,) = feed.iter(f"{ATOM}entry")
    assert item.findtext(f"{ATOM}title") == "Folding"
    assert item.findtext(f"{ATOM}summary") == "A summary"
    assert item.findtext(f"{ATOM}content") == "<p>Body text</p>"
    assert item.findtext(f"{ATOM}author/{ATOM}name") == "Li Wei"
    assert [c.get("term") for c in item.iter(f"{ATOM}category")] == ["Biology"]


def test_topic_feed_title_with_a_control_character_is_valid_xml(client, legacy_entry):
    feed = parsed_feed(client, "/en/topics/biology/feed.xml")
    assert feed.findtext(f"{ATOM}title").endswith("· Biology")


def test_export_of_a_site_with_control_characters_succeeds(hashed_static, legacy_entry, tmp_path):
    out = io.StringIO()
    call_command("export", "--output", str(tmp_path / "site"), stdout=out, stderr=io.StringIO())
    assert "written to" in out.getvalue()
    feed = ElementTree.parse(tmp_path / "site/en/feed.xml").getroot()
    assert [item.findtext(f"{ATOM}title") for item in feed.iter(f"{ATOM}entry")] == ["Folding"]
    assert (tmp_path / "site/en/entries/folding/index.html").is_file()
