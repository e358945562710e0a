"""The API entry document kind: ``/api/v1/<language>/entries/<slug>.json``.

``cms.api.documents.entry_document`` is the one description of that
document: the live view (``cms.api.entries.EntryDetailView``) answers it and
the export renders it from the entries ``EntryPages`` loaded, with DRF's JSON
renderer in both, so the file and the live response are the same bytes.
"""

from rest_framework.renderers import JSONRenderer

from cms.api.documents import entry_document
from cms.models import Entry

CONTENT_TYPE = "application/json"


def render_entry_document(entry: Entry, versions: list[Entry], summary: dict | None) -> bytes:
    """The document's bytes; ``summary`` is the entry's list summary if already built."""
    return JSONRenderer().render(entry_document(entry, versions, summary=summary))
