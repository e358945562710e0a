"""The PostgreSQL search index: one ``tsvector`` per entry, in a table of its own.

The table exists on every database so that migrations, deletes and test
flushes work the same everywhere, but only PostgreSQL fills it: SQLite keeps
its index in an FTS5 virtual table (see ``backends.sqlite``), and there the
column is an always-empty text column. The GIN index is created by the
migration, on PostgreSQL only.

The model is registered when ``cms.apps`` wires the search signals.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchVectorColumn(SearchVectorField):
    """``tsvector`` on PostgreSQL, plain text elsewhere."""

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return super().db_type(connection)
        return "text"


class SearchDocument(models.Model):
    entry = models.OneToOneField(
        "cms.Entry",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    vector = SearchVectorColumn(null=True)

    class Meta:
        app_label = "cms"
        db_table = "cms_search_document"
        default_permissions = ()

    def __str__(self) -> str:
        return f"search document of entry {self.entry_id}"
