"""Moving a whole site: all content to one JSON document and back (SQLite ⇄ PostgreSQL).

``dump_content()`` gives the document's bytes; ``load_content(stream)`` reads
one into an empty database. See ``dump`` and ``load`` for what is carried.
"""

from cms.portability.dump import DumpResult, content_document, dump_content
from cms.portability.load import LoadResult, load_content

__all__ = ["DumpResult", "LoadResult", "content_document", "dump_content", "load_content"]
