"""Importing an arXiv API Atom feed: what is stored, re-imports, and hostile XML."""

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cms.exceptions import ImportFailed
from cms.importers.arxiv import import_arxiv
from cms.models import Entry, Topic, TranslationMethod
from cms.publishing import Status
from tests.factories import make_topic

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "arxiv"
FEED_V1 = DATA / "feed-v1.xml"
FEED_V2 = DATA / "feed-v2.xml"


def run(path_or_bytes, **options):
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    return import_arxiv(io.BytesIO(data), source="feed.xml", **options)


def feed(*entries: str, prolog: str = "") -> bytes:
    """A minimal feed in the API's format around ``entries``."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}'
        '<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom">\n'
        f"<opensearch:totalResults>{len(entries)}</opensearch:totalResults>\n"
        + "\n".join(entries)
        + "\n</feed>\n"
    ).encode()


def paper(number: str = "2403.00001", title: str = "A Paper", link: str = "") -> str:
    return (
        f"<entry><id>http://arxiv.org/abs/{number}v1</id>"
        "<published>2024-03-01T00:00:00Z</published><updated>2024-03-01T00:00:00Z</updated>"
        f"<title>{title}</title><summary>An abstract.</summary>"
        f"<author><name>A. Author</name></author>{link}"
        '<arxiv:primary_category term="cs.AI" scheme="http://arxiv.org/schemas/atom"/>'
        "</entry>"
    )


def assert_nothing_stored():
    assert Entry.objects.count() == 0
    assert Topic.objects.count() == 0
    assert Entry.history.count() == 0


class TestArxivFields:
    def test_each_paper_becomes_one_english_draft_entry(self):
        result = run(FEED_V1)
        assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
        assert Entry.objects.count() == 2
        assert set(Entry.objects.values_list("language", "status")) == {("en", Status.DRAFT)}

    def test_new_style_paper_is_stored_field_by_field(self):
        run(FEED_V1)
        entry = Entry.objects.get(paper__arxiv_id="2402.01234")
        assert entry.title == "Sparse Routing for Frugal Mixture-of-Experts Inference"
        assert entry.slug == "sparse-routing-for-frugal-mixture-of-experts-inference"
        assert entry.paper_authors == "Mei Chen\nJonas Berg"
        assert entry.doi == "10.1234/frugal.2024.001"
        assert entry.source_url == "http://arxiv.org/pdf/2402.01234v1"
        assert entry.import_ref == "arxiv:2402.01234"
        assert entry.summary.startswith("Mixture-of-experts layers send each token to $k$")
        assert entry.translation_method == TranslationMethod.ORIGINAL
        assert entry.translator == ""
        assert entry.publish_at is None
        assert entry.version == 1
        assert entry.import_meta == {
            "source": "arxiv",
            "version": 1,
            "abs_url": "http://arxiv.org/abs/2402.01234v1",
            "pdf_url": "http://arxiv.org/pdf/2402.01234v1",
            "primary_category": "cs.LG",
            "categories": ["cs.LG", "stat.ML"],
        }
        assert entry.paper_comment == "12 pages, 4 figures"
        assert (
            entry.paper_published
            == entry.paper_updated
            == datetime(2024, 2, 1, 17, 30, 5, tzinfo=UTC)
        )
        assert entry.classification == "I.2.6"

    def test_abstract_is_plain_text_but_its_tex_renders_as_math(self):
        run(FEED_V1)
        entry = Entry.objects.get(paper__arxiv_id="2402.01234")
        assert entry.body == (
            "Mixture-of-experts layers send each token to $k$ of $n$ experts, but the router "
            "itself costs $O(n^2)$ memory when $n_i < n_j$ is checked for every pair. We "
            "replace it with a \\*hashing\\* router and show that accuracy drops by less than "
            "0.1 points on three benchmarks."
        )
        assert entry.body_html.count("<math") == 4
        assert "$" not in entry.body_html
        assert "a *hashing* router" in entry.body_html
        assert "<em>" not in entry.body_html

    def test_markup_in_title_and_abstract_is_text_not_html(self):
        hostile = "x &lt;img src=x onerror=alert(1)&gt; y"
        run(feed(paper(title=hostile).replace("An abstract.", hostile)))
        entry = Entry.objects.get()
        assert entry.title == "x <img src=x onerror=alert(1)> y"
        assert "<img" not in entry.body_html
        assert "&lt;img src=x onerror=alert(1)&gt;" in entry.body_html

    def test_old_style_id_is_stored_without_its_version(self):
        run(FEED_V1)
        entry = Entry.objects.get(import_ref="arxiv:hep-th/9901001")
        assert entry.arxiv_id == "hep-th/9901001"
        assert entry.title == "A Toy Model of Branes on a Circle"
        assert entry.paper_authors == "Ana Souza"
        assert entry.doi == ""
        assert entry.import_meta["version"] == 3
        assert entry.paper_published == datetime(1999, 1, 4, 12, tzinfo=UTC)
        assert entry.paper_updated == datetime(1999, 3, 10, 9, tzinfo=UTC)
        assert entry.journal_ref == "Toy Phys. J. 3 (1999) 45"
        assert entry.body_html == (
            "<p>We study a toy model in which branes wrap a circle of radius R and find that "
            "the spectrum is unchanged under R -&gt; 1/R.</p>"
        )

    def test_categories_become_topics_with_readable_names(self):
        run(FEED_V1)
        topics = {t.slug: (t.name, t.names) for t in Topic.objects.all()}
        assert topics == {
            "cs-lg": ("Machine Learning", {"zh-hans": "机器学习"}),
            "stat-ml": ("Machine Learning (Statistics)", {"zh-hans": "机器学习（统计学）"}),
            "hep-th": ("High Energy Physics - Theory", {}),
        }
        entry = Entry.objects.get(paper__arxiv_id="2402.01234")
        assert sorted(entry.topics.values_list("slug", flat=True)) == ["cs-lg", "stat-ml"]

    def test_existing_topic_is_reused_and_keeps_its_name(self):
        make_topic("cs-lg", "ML", **{"zh-hans": "机器学习"})
        result = run(FEED_V1)
        assert Topic.objects.get(slug="cs-lg").name == "ML"
        assert sorted(result.topics_created) == ["hep-th", "stat-ml"]

    def test_status_option_sets_the_status_of_new_entries(self):
        run(FEED_V1, status=Status.PUBLISHED)
        entry = Entry.objects.get(paper__arxiv_id="2402.01234")
        assert entry.status == Status.PUBLISHED
        assert entry.publish_at is not None

    def test_same_paper_twice_in_one_feed_is_one_entry(self):
        result = run(feed(paper(), paper()))
        assert Entry.objects.count() == 1
        assert (result.created, result.unchanged) == (1, 1)


class TestArxivReimport:
    def test_same_feed_again_changes_nothing_and_adds_no_revision(self):
        run(FEED_V1)
        revisions = Entry.history.count()
        result = run(FEED_V1)
        assert (result.created, result.updated, result.unchanged) == (0, 0, 2)
        assert Entry.objects.count() == 2
        assert Entry.history.count() == revisions
        assert set(Entry.objects.values_list("version", flat=True)) == {1}

    def test_newer_version_updates_the_entry_and_keeps_the_old_one_as_a_revision(self):
        run(FEED_V1)
        entry = Entry.objects.get(paper__arxiv_id="2402.01234")
        result = run(FEED_V2)
        assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
        updated = Entry.objects.get(pk=entry.pk)
        assert "four benchmarks" in updated.body
        assert updated.source_url == "http://arxiv.org/pdf/2402.01234v2"
        assert updated.import_meta["version"] == 2
        assert updated.paper_updated == datetime(2024, 2, 20, 8, tzinfo=UTC)
        assert updated.version == 2
        assert sorted(updated.topics.values_list("slug", flat=True)) == [
            "cs-dc",
            "cs-lg",
            "stat-ml",
        ]
        bodies = [record.body for record in updated.history.order_by("history_id")]
        assert "three benchmarks" in bodies[0] and "four benchmarks" in bodies[-1]
        reasons = set(updated.history.values_list("history_change_reason", flat=True))
        assert reasons == {
            "Imported from arXiv (2402.01234v1)",
            "Imported from arXiv (2402.01234v2)",
        }
        change = next(c for c in result.items if c.action == "update")
        assert change.detail == "summary, body, source_url, paper_updated, import_meta, topics"

    def test_older_version_after_a_newer_one_is_skipped(self):
        run(FEED_V2)
        result = run(FEED_V1)
        assert [c.detail for c in result.skipped] == ["older than the stored version v2"]
        assert "four benchmarks" in Entry.objects.get(paper__arxiv_id="2402.01234").body

    def test_editors_change_is_kept_when_a_newer_version_arrives(self):
        run(FEED_V1)
        entry = Entry.objects.get(paper__arxiv_id="2402.01234")
        entry.title = "Hash Routing Makes MoE Cheap"
        entry.save(expected_version=entry.version)
        result = run(FEED_V2)
        entry.refresh_from_db()
        assert entry.title == "Hash Routing Makes MoE Cheap"
        assert "four benchmarks" in entry.body
        change = next(c for c in result.items if c.action == "update")
        assert "kept the CMS's edits of" not in change.detail  # the source title did not change

    def test_field_changed_in_both_places_keeps_the_editors_version(self):
        run(FEED_V1)
        entry = Entry.objects.get(paper__arxiv_id="2402.01234")
        entry.body = "Our own write-up of the paper."
        entry.save(expected_version=entry.version)
        result = run(FEED_V2)
        entry.refresh_from_db()
        assert entry.body == "Our own write-up of the paper."
        assert entry.import_meta["version"] == 2
        change = next(c for c in result.items if c.action == "update")
        assert change.detail.endswith("kept the CMS's edits of body")

    def test_topic_an_editor_removed_is_not_added_back(self):
        run(FEED_V1)
        entry = Entry.objects.get(paper__arxiv_id="2402.01234")
        entry.topics.remove(Topic.objects.get(slug="stat-ml"))
        run(FEED_V1)
        assert list(entry.topics.values_list("slug", flat=True)) == ["cs-lg"]

    def test_dry_run_reports_what_would_happen_and_saves_nothing(self):
        result = run(FEED_V1, dry_run=True)
        assert result.dry_run
        assert [str(c) for c in result.items] == [
            "create    entry 1 (arXiv 2402.01234v1): "
            "en/sparse-routing-for-frugal-mixture-of-experts-inference",
            "create    entry 2 (arXiv hep-th/9901001v3): en/a-toy-model-of-branes-on-a-circle",
        ]
        assert result.summary() == (
            "feed.xml: would import 2 created, 0 updated, 0 unchanged, 0 skipped; "
            "1 field not kept; 3 new topics (dry run: nothing was saved)."
        )
        assert_nothing_stored()

    def test_dry_run_of_a_newer_version_lists_the_changed_fields(self):
        run(FEED_V1)
        result = run(FEED_V2, dry_run=True)
        assert [c.action for c in result.items] == ["update", "unchanged"]
        assert "three benchmarks" in Entry.objects.get(paper__arxiv_id="2402.01234").body


BILLION_LAUGHS = """<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
"""


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


class TestImportArxivCommand:
    def test_prints_what_was_not_kept_and_one_summary_line(self):
        out = io.StringIO()
        call_command("import_arxiv", str(FEED_V1), stdout=out)
        assert out.getvalue() == (
            "  create    entry 1 (arXiv 2402.01234v1): "
            "en/sparse-routing-for-frugal-mixture-of-experts-inference\n"
            "              not kept: arxiv:affiliation of Mei Chen: Example University\n"
            f"{FEED_V1}: imported 2 created, 0 updated, 0 unchanged, 0 skipped; "
            "1 field not kept; 3 new topics.\n"
        )

    def test_dry_run_lists_each_change(self):
        out = io.StringIO()
        call_command("import_arxiv", str(FEED_V1), "--dry-run", stdout=out)
        lines = out.getvalue().splitlines()
        assert lines[0].startswith("  create    entry 1 (arXiv 2402.01234v1)")
        assert lines[-1].endswith("(dry run: nothing was saved).")
        assert_nothing_stored()

    def test_status_option_is_passed_on(self):
        call_command("import_arxiv", str(FEED_V1), "--status", "review", verbosity=0)
        assert set(Entry.objects.values_list("status", flat=True)) == {Status.REVIEW}

    def test_reads_standard_input(self, monkeypatch):
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(FEED_V1.read_bytes())))
        out = io.StringIO()
        call_command("import_arxiv", "-", stdout=out)
        assert out.getvalue().splitlines()[-1].startswith("standard input: imported 2 created")

    def test_failure_is_a_command_error_naming_the_problem(self, tmp_path):
        bad = tmp_path / "bad.xml"
        bad.write_bytes(feed(paper(), prolog=BILLION_LAUGHS))
        with pytest.raises(CommandError) as caught:
            call_command("import_arxiv", str(bad))
        assert str(caught.value).startswith(f"{bad}: the XML has a document type declaration")
        assert str(caught.value).endswith("Nothing was imported.")

    def test_missing_file_is_a_command_error(self, tmp_path):
        with pytest.raises(CommandError, match="no such file"):
            call_command("import_arxiv", str(tmp_path / "absent.xml"))
