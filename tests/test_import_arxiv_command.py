"""The import_arxiv management command: its report, dry run, status option, standard input and
its errors.
"""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cms.models import Entry
from cms.publishing import Status
from tests.support.import_arxiv import BILLION_LAUGHS, FEED_V1, assert_nothing_stored, feed, paper

pytestmark = pytest.mark.django_db


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
