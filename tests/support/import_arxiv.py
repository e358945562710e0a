"""The arXiv test feeds and small feeds built in the test, and running the importer on them.

Shared by tests/test_import_arxiv_*.py; ``run``, ``feed`` and ``paper`` are also used by
tests/test_redirects.py.
"""

import io
from pathlib import Path

from cms.importers.arxiv import import_arxiv
from cms.models import Entry, Topic

DATA = Path(__file__).parent.parent / "data" / "arxiv"
FEED_V1 = DATA / "feed-v1.xml"


def run(path_or_bytes, **options):
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    return import_arxiv(io.BytesIO(data), source="feed.xml", **options)


def feed(*entries: str, prolog: str = "") -> bytes:
    """A minimal feed in the API's format around ``entries``."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}'
        '<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom">\n'
        f"<opensearch:totalResults>{len(entries)}</opensearch:totalResults>\n"
        + "\n".join(entries)
        + "\n</feed>\n"
    ).encode()


def paper(number: str = "2403.00001", title: str = "A Paper", link: str = "") -> str:
    return (
        f"<entry><id>http://arxiv.org/abs/{number}v1</id>"
        "<published>2024-03-01T00:00:00Z</published><updated>2024-03-01T00:00:00Z</updated>"
        f"<title>{title}</title><summary>An abstract.</summary>"
        f"<author><name>A. Author</name></author>{link}"
        '<arxiv:primary_category term="cs.AI" scheme="http://arxiv.org/schemas/atom"/>'
        "</entry>"
    )


def assert_nothing_stored():
    assert Entry.objects.count() == 0
    assert Topic.objects.count() == 0
    assert Entry.history.count() == 0


BILLION_LAUGHS = """<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""
