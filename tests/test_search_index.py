"""The search index follows every change (edits, deletions, topics from both sides), the
rebuild command restores it, and the longest bodies are saved and found (SQLite and
PostgreSQL).
"""

import random

import pytest
from django.core.management import call_command
from django.db import connection

from cms.markdown import MAX_MARKDOWN_LENGTH
from cms.models import Entry
from cms.publishing import Status
from cms.search import get_backend
from cms.search.signals import topics_changed
from tests.factories import make_entry, make_topic
from tests.support.search import indexed, titles

pytestmark = pytest.mark.django_db


class TestIndexUpkeep:
    def test_index_follows_edits(self):
        entry = make_entry("Alpha method", body="Original body.")
        entry.title = "Beta method"
        entry.body = "Rewritten body."
        entry.save()
        assert titles("alpha") == []
        assert titles("original") == []
        assert titles("beta") == ["Beta method"]
        assert titles("rewritten") == ["Beta method"]

    def test_index_follows_deletion(self):
        entry = make_entry("Doomed entry")
        pk = entry.pk
        entry.delete()
        assert not indexed(pk)
        assert titles("doomed") == []

    def test_index_follows_topics_both_ways(self):
        entry = make_entry("Plain entry")
        topic = make_topic("optics", "Optics")
        entry.topics.add(topic)
        assert titles("optics") == ["Plain entry"]
        topic.name = "Photonics"
        topic.save()
        assert titles("photonics") == ["Plain entry"]
        assert titles("optics") == []
        entry.topics.remove(topic)
        assert titles("photonics") == []
        entry.topics.add(topic)
        assert titles("photonics") == ["Plain entry"]
        topic.delete()
        assert titles("photonics") == []

    def test_changes_made_from_the_topic_side_reindex_its_entries(self):
        """Sent as Django sends them; simple_history cannot yet record ``topic.entries.add()``."""
        entry = make_entry("Plain entry")
        topic = make_topic("optics", "Optics")
        Entry.topics.through.objects.create(entry=entry, topic=topic)
        topics_changed(None, topic, "post_add", True, {entry.pk})
        assert titles("optics") == ["Plain entry"]
        topics_changed(None, topic, "pre_clear", True, None)
        Entry.topics.through.objects.filter(topic=topic).delete()
        topics_changed(None, topic, "post_clear", True, None)
        assert titles("optics") == []

    def test_rebuild_command_restores_a_lost_index(self):
        make_entry("Recovered entry")
        get_backend().clear()
        assert titles("recovered") == []
        call_command("rebuild_search_index", verbosity=0)
        assert titles("recovered") == ["Recovered entry"]

    def test_rebuild_command_reports_one_summary_line(self, capsys):
        make_entry("Counted entry")
        make_entry("Another", status=Status.DRAFT)
        call_command("rebuild_search_index")
        assert capsys.readouterr().out.startswith(f"Indexed 2 entries ({connection.vendor}")


def paragraphs(words: list[str], joiner: str, limit: int) -> str:
    """``words`` joined into paragraphs of a hundred, cut to exactly ``limit`` characters."""
    lines = [joiner.join(words[start : start + 100]) for start in range(0, len(words), 100)]
    text = "\n\n".join(lines)
    assert len(text) >= limit
    return text[:limit]


class TestLongestBodies:
    """Every body within the length limit is saved and found, on every database.

    PostgreSQL holds at most 1 MB of lexemes and positions in one ``tsvector``;
    diverse Chinese text becomes a bigram per character and passes it long
    before the 200,000-character limit of a body.
    """

    def test_chinese_body_at_the_length_limit_is_saved_and_found(self):
        chance = random.Random(19)
        characters = [chr(chance.randrange(0x4E00, 0x9FA5)) for _ in range(MAX_MARKDOWN_LENGTH)]
        body = paragraphs(["蛋白质折叠", *characters], "", MAX_MARKDOWN_LENGTH)
        entry = make_entry("长文", language="zh-hans", body=body)
        assert Entry.objects.get(pk=entry.pk).body == body
        assert indexed(entry.pk)
        assert titles("蛋白质折叠", "zh-hans") == ["长文"]
        assert titles("长文", "zh-hans") == ["长文"]

    def test_body_of_distinct_words_at_the_length_limit_is_saved_and_found(self):
        words = [f"w{number:06x}" for number in range(MAX_MARKDOWN_LENGTH // 7 + 1)]
        body = paragraphs(words, " ", MAX_MARKDOWN_LENGTH)
        entry = make_entry("Long words", body=body)
        assert indexed(entry.pk)
        assert titles("w000000") == ["Long words"]
        assert titles(body.split()[-2]) == ["Long words"]  # prose is indexed to its end

    def test_editing_a_longest_body_keeps_the_entry_findable(self):
        chance = random.Random(20)
        characters = [chr(chance.randrange(0x4E00, 0x9FA5)) for _ in range(MAX_MARKDOWN_LENGTH)]
        entry = make_entry("长文", language="zh-hans", body="短。")
        entry.body = paragraphs(["量子纠错", *characters], "", MAX_MARKDOWN_LENGTH)
        entry.full_clean()
        entry.save()
        assert titles("量子纠错", "zh-hans") == ["长文"]
