"""The change journal (``cms.models.content_changes``) and the triggers that fill it.

SQLite and PostgreSQL get triggers; on another database the journal stays
empty and the export never relies on it (``cms.export.journal``).
"""

from django.conf import settings
from django.db import migrations, models

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION cms_note_content_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        INSERT INTO cms_contentchange (table_name, row_key, mark, transaction_id)
        VALUES ('*', TG_TABLE_NAME, md5(random()::text), pg_current_xact_id()::text);
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO cms_contentchange (table_name, row_key, mark, transaction_id)
        VALUES (TG_ARGV[0], to_jsonb(OLD) ->> TG_ARGV[1], md5(random()::text),
                pg_current_xact_id()::text);
    END IF;
    IF TG_OP = 'INSERT' OR (to_jsonb(NEW) ->> TG_ARGV[1]) <> (to_jsonb(OLD) ->> TG_ARGV[1]) THEN
        INSERT INTO cms_contentchange (table_name, row_key, mark, transaction_id)
        VALUES (TG_ARGV[0], to_jsonb(NEW) ->> TG_ARGV[1], md5(random()::text),
                pg_current_xact_id()::text);
    END IF;
    RETURN NULL;
END $$;
"""


def journaled_tables(apps) -> list[tuple[str, str, str, list[str] | None]]:
    """``(table, key column, journaled as, columns whose update counts)`` for each table the
    public pages show; None: every column. A link of an entry is a change of the entry."""
    entry = apps.get_model("cms", "Entry")
    user = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    tables = [
        (model._meta.db_table, model._meta.pk.column, model._meta.db_table, None)
        for model in (
            entry,
            apps.get_model("cms", "Topic"),
            apps.get_model("cms", "Paper"),
            apps.get_model("cms", "Page"),
            apps.get_model("cms", "Redirect"),
        )
    ]
    for name in ("topics", "authors"):
        through = entry._meta.get_field(name).remote_field.through
        column = through._meta.get_field("entry").column
        tables.append((through._meta.db_table, column, entry._meta.db_table, None))
    shown = [
        field.column
        for field in user._meta.concrete_fields
        if field.name not in {"last_login", "password"}
    ]
    tables.append((user._meta.db_table, user._meta.pk.column, user._meta.db_table, shown))
    return tables


def sqlite_statements(apps) -> list[str]:
    statements = []
    for table, key, journaled, columns in journaled_tables(apps):
        for event, rows in (("INSERT", ["NEW"]), ("DELETE", ["OLD"]), ("UPDATE", ["OLD", "NEW"])):
            if event == "UPDATE" and columns is not None:
                event = "UPDATE OF " + ", ".join(f'"{column}"' for column in columns)
            moved = f' WHERE NEW."{key}" IS NOT OLD."{key}"'
            inserts = " ".join(
                "INSERT INTO cms_contentchange (table_name, row_key, mark, transaction_id) "
                f"SELECT '{journaled}', {row}.\"{key}\", lower(hex(randomblob(8))), ''"
                + (moved if row == "NEW" and event != "INSERT" else "")
                + ";"
                for row in rows
            )
            name = f"cms_journal_{table}_{event.split()[0].lower()}"
            statements.append(
                f'CREATE TRIGGER "{name}" AFTER {event} ON "{table}" BEGIN {inserts} END'
            )
    return statements


def postgresql_statements(apps) -> list[str]:
    statements = [PG_FUNCTION]
    for table, key, journaled, columns in journaled_tables(apps):
        update = "UPDATE" if columns is None else "UPDATE OF " + ", ".join(columns)
        statements.append(
            f'CREATE TRIGGER "cms_journal_{table}" AFTER INSERT OR DELETE OR {update} ON "{table}" '
            f"FOR EACH ROW EXECUTE FUNCTION cms_note_content_change('{journaled}', '{key}')"
        )
        statements.append(
            f'CREATE TRIGGER "cms_journal_{table}_truncate" AFTER TRUNCATE ON "{table}" '
            "FOR EACH STATEMENT EXECUTE FUNCTION cms_note_content_change()"
        )
    return statements


def install_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite_statements, "postgresql": postgresql_statements}.get(vendor)
    for statement in statements(apps) if statements else ():
        schema_editor.execute(statement)


def remove_triggers(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for statement in sqlite_statements(apps):
            name = statement.split('"')[1]
            schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}"')
    elif vendor == "postgresql":
        for table, _key, _journaled, _columns in journaled_tables(apps):
            for name in (f"cms_journal_{table}", f"cms_journal_{table}_truncate"):
                schema_editor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
        schema_editor.execute("DROP FUNCTION IF EXISTS cms_note_content_change()")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0015_translation_desk"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ContentChange",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("table_name", models.CharField(max_length=64)),
                ("row_key", models.CharField(max_length=64)),
                ("mark", models.CharField(max_length=32)),
                ("transaction_id", models.CharField(blank=True, max_length=32)),
            ],
            options={"verbose_name": "content change"},
        ),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
