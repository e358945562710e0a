"""The search index: a ``tsvector`` table on PostgreSQL, an FTS5 table on SQLite.

``cms_search_document`` is created everywhere (see ``cms.search.models``);
its GIN index only on PostgreSQL, and the FTS5 table only on SQLite. The SQL
is written out here, not imported, so this migration keeps meaning what it
meant when later code changes. Existing entries are indexed by
``manage.py rebuild_search_index``.
"""

import django.db.models.deletion
from django.db import migrations, models

import cms.search.models

SQLITE_CREATE = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS cms_search_fts USING fts5("
    "title, summary, topics, source, body, "
    "tokenize = 'porter unicode61 remove_diacritics 2')"
)
SQLITE_DROP = "DROP TABLE IF EXISTS cms_search_fts"
POSTGRES_CREATE = (
    "CREATE INDEX IF NOT EXISTS cms_search_document_vector_gin "
    "ON cms_search_document USING gin (vector)"
)
POSTGRES_DROP = "DROP INDEX IF EXISTS cms_search_document_vector_gin"


def create_vendor_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_CREATE)


def drop_vendor_index(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0004_entry_import_ref"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchDocument",
            fields=[
                (
                    "entry",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_document",
                        serialize=False,
                        to="cms.entry",
                    ),
                ),
                ("vector", cms.search.models.SearchVectorColumn(null=True)),
            ],
            options={
                "db_table": "cms_search_document",
                "default_permissions": (),
            },
        ),
        migrations.RunPython(create_vendor_index, drop_vendor_index),
    ]
