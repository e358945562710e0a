"""Migration 0014: translations made before provenance was data get their date and engine.

An existing translation was made when it was created, and a machine translation
by a known engine gets the engine's code, so the admin's engine filter finds it.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cms", "0013_paper")]


@pytest.mark.django_db(transaction=True)
def test_existing_translations_get_their_creation_date_and_known_engines_their_code():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    Entry = executor.loader.project_state(BEFORE).apps.get_model("cms", "Entry")
    original = Entry.objects.create(title="Residual learning", slug="residual", language="en")
    for language, method, translator in [
        ("zh-hans", "machine", "Google Translate"),
        ("zh-hant", "human", "Li Wei"),
    ]:
        Entry.objects.create(
            title="残差学习",
            slug="residual",
            language=language,
            translation_of=original,
            translation_method=method,
            translator=translator,
        )
    try:
        MigrationExecutor(connection).migrate(latest)
        from cms.models import Entry as Current

        machine, human = Current.objects.exclude(pk=original.pk).order_by("language")
        assert (machine.mt_engine, human.mt_engine) == ("google", "")
        assert machine.translated_at == machine.created_at
        assert human.translated_at == human.created_at
        assert Current.objects.get(pk=original.pk).translated_at is None
    finally:
        MigrationExecutor(connection).migrate(latest)
