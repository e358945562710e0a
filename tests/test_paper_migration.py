"""Migration 0011: the paper values entered on each entry move to one Paper per original."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cms", "0012_review_conversations_notifications")]


@pytest.mark.django_db(transaction=True)
def test_migration_gives_an_original_and_its_translations_one_paper_with_their_values():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Entry = old.get_model("cms", "Entry")
    original = Entry.objects.create(
        title="Residual learning",
        slug="residual",
        language="en",
        paper_authors="Kaiming He",
        arxiv_id="1512.03385",
    )
    Entry.objects.create(
        title="残差学习",
        slug="residual",
        language="zh-hans",
        translation_of=original,
        translation_method="human",
        translator="Li Wei",
        arxiv_id="1512.03385",
        code_url="https://example.org/resnet",  # only the translation had it
    )
    Entry.objects.create(title="Alone", slug="alone", language="en", doi="10.1000/1")
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        from cms.models import Entry as Current
        from cms.models import Paper

        assert Paper.objects.count() == 2
        en, zh = Current.objects.filter(slug="residual").order_by("language")
        assert en.paper_id == zh.paper_id
        assert (zh.paper_authors, zh.arxiv_id, zh.code_url) == (
            "Kaiming He",
            "1512.03385",
            "https://example.org/resnet",
        )
        assert Current.objects.get(slug="alone").doi == "10.1000/1"
    finally:
        MigrationExecutor(connection).migrate(latest)
