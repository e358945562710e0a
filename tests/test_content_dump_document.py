"""What the dump document holds: each kind of content with its fields, revisions and users
(names only, never passwords or addresses), stable bytes, and the media it refers to.
"""

import io
import json

import pytest

from cms.portability import content_document, dump_content, load_content
from tests.support.content_dump import FIGURE, build_site, wipe

pytestmark = pytest.mark.django_db


class TestDocument:
    def test_document_lists_each_kind_of_content(self):
        build_site()
        document = content_document()
        assert document["format"] == "digest-cms-content"
        assert document["format_version"] == 2
        assert [t["slug"] for t in document["topics"]] == ["machine-learning", "biology"]
        assert document["topics"][0]["names"] == {"zh-hans": "机器学习"}
        assert len(document["entries"]) == 5
        assert len(document["pages"]) == 2
        assert [r["old_path"] for r in document["redirects"]] == ["/en/entries/folding/"]
        assert document["media"] == [FIGURE]

    def test_entries_carry_their_fields_topics_byline_and_translation(self):
        build_site()
        entries = {(e["language"], e["slug"]): e for e in content_document()["entries"]}
        original = entries[("en", "folding-proteins")]
        translation = entries[("zh-hans", "folding")]
        assert original["title"] == "Folding Proteins, Revised"
        papers = {paper["id"]: paper for paper in content_document()["papers"]}
        assert papers[original["paper"]]["authors"] == "Mei Chen\nJonas Berg"
        assert translation["paper"] == original["paper"]
        assert original["authors"] == ["alice"]
        assert original["created_by"] == "alice"
        assert original["version"] == 2
        assert len(original["topics"]) == 2
        assert translation["translation_of"] == original["id"]
        assert translation["translator"] == "李伟"
        assert "body_html" not in original
        imported = next(e for e in entries.values() if e["import_ref"])
        assert imported["import_meta"] == {
            "source": "digest",
            "translator_as_written": "谷歌翻译",
        }

    def test_revisions_carry_who_changed_what_and_the_topic_snapshots(self):
        build_site()
        revisions = [r for r in content_document()["revisions"] if r["slug"] == "folding-proteins"]
        assert len(revisions) == 1
        assert revisions[0]["history_user"] == "bob"
        assert revisions[0]["title"] == "Folding Proteins, Revised"
        assert len(revisions[0]["topics"]) == 2
        assert [a["user"] for a in revisions[0]["authors"]] == ["alice"]

    def test_users_carry_names_only_never_passwords_or_addresses(self):
        build_site()
        data, _result = dump_content()
        users = json.loads(data)["users"]
        assert users == [
            {"first_name": "Alice", "last_name": "Zhang", "username": "alice"},
            {"first_name": "Bob", "last_name": "", "username": "bob"},
        ]
        assert b"@example.org" not in data and b"pw-alice" not in data and b"md5$" not in data

    def test_same_content_gives_the_same_bytes(self):
        build_site()
        assert dump_content()[0] == dump_content()[0]


class TestMedia:
    def test_referenced_media_missing_from_media_root_is_reported(self):
        build_site()
        data, result = dump_content()
        assert result.media == [FIGURE]
        wipe()
        loaded = load_content(io.BytesIO(data), source="dump.json")
        assert loaded.missing_media == [FIGURE]
        assert "copy the media folder too" in loaded.summary("dump.json")

    def test_only_this_sites_media_urls_count(self):
        from cms.portability.dump import media_references

        texts = [
            "![a](/media/a.png) [b](https://digest.example.org/media/b.pdf)",
            "![c](https://elsewhere.example/media/c.png) ![d](/media/../etc/passwd)",
        ]
        assert media_references(texts) == ["a.png", "b.pdf"]
