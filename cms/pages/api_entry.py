"""The API entry document kind: ``/api/v1/<language>/entries/<slug>.json``.

``entry_document`` is the one description of that document: the live view
(``cms.api.entries.EntryDetailView``) answers it and the export renders it
from the entries ``EntryPages`` loaded, with DRF's JSON renderer in both, so
the file and the live response are the same bytes.
"""

from rest_framework.renderers import JSONRenderer

from cms.api.serializers import EntryDetailSerializer
from cms.models import Entry

CONTENT_TYPE = "application/json"


def entry_document(entry: Entry, versions: list[Entry]) -> dict:
    """The entry's API document; ``versions`` are its other public versions, by language."""
    context = {"language": entry.language, "versions": versions}
    return EntryDetailSerializer(entry, context=context).data


def render_entry_document(entry: Entry, versions: list[Entry]) -> bytes:
    return JSONRenderer().render(entry_document(entry, versions))
