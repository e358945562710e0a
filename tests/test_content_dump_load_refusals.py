"""load_content refuses what it cannot load faithfully, naming the problem, and stores nothing."""

import io
import json

import pytest
from django.contrib.auth import get_user_model

from cms.exceptions import ImportFailed
from cms.models import Entry, Topic
from cms.portability import content_document, dump_content, load_content
from tests.support.content_dump import build_site, database_rows, wipe

pytestmark = pytest.mark.django_db


class TestLoadRefusals:
    def failure(self, document_or_bytes) -> str:
        data = document_or_bytes
        if isinstance(data, dict):
            data = json.dumps(data).encode()
        with pytest.raises(ImportFailed) as caught:
            load_content(io.BytesIO(data), source="dump.json")
        return str(caught.value)

    def document(self) -> dict:
        build_site()
        document = content_document()
        wipe()
        return document

    def test_database_with_content_is_refused_and_left_as_it_was(self):
        build_site()
        data, _result = dump_content()
        expected = database_rows()
        message = self.failure(data)
        assert message == (
            "dump.json: the database already holds topics, papers, entries, pages, redirects, "
            "entry revisions. Load a dump only into an empty database (run migrate on a new one), "
            "so two sites are never mixed."
        )
        assert database_rows() == expected

    def test_file_that_is_not_json_is_refused(self):
        assert self.failure(b"<xml/>").startswith("dump.json: the file is not a JSON document")

    def test_json_that_is_not_a_dump_is_refused(self):
        assert self.failure({"entries": []}) == (
            "dump.json: the file is not a Digest CMS content dump (dump_content)."
        )

    def test_newer_format_version_is_refused(self):
        document = self.document()
        document["format_version"] = 3
        assert self.failure(document) == (
            "dump.json: the dump has format version 3; this Digest CMS reads version 2."
        )

    def test_html_smuggled_into_a_dump_is_refused(self):
        document = self.document()
        document["entries"][0]["body_html"] = "<script>alert(1)</script>"
        message = self.failure(document)
        assert message.startswith("dump.json, entries[0]: unknown fields body_html;")
        assert Entry.objects.count() == 0 and Topic.objects.count() == 0

    def test_invalid_field_is_refused_naming_the_row_and_nothing_is_stored(self):
        document = self.document()
        document["papers"][-1]["source_url"] = "javascript:alert(1)"
        message = self.failure(document)
        assert "source_url: " in message
        assert message.endswith("Enter a web address starting with http:// or https://.")
        assert message.startswith("dump.json, papers[")
        assert Entry.objects.count() == 0 and Topic.objects.count() == 0
        assert get_user_model().objects.count() == 0

    def test_reference_to_an_unlisted_user_is_refused(self):
        document = self.document()
        document["users"] = [u for u in document["users"] if u["username"] != "alice"]
        assert "user 'alice' is not in “users”." in self.failure(document)
