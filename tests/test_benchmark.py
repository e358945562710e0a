"""The benchmark (`bench`): it measures the real export and pages, and never the project's data."""

import pytest
from django.core.management import CommandError, call_command

from cms.models import Entry
from devtools.bench.run import page_latency, peak_memory, run_benchmark
from tests.factories import make_entry


def test_benchmark_measures_full_incremental_and_edited_exports(db, tmp_path, hashed_static):
    report = run_benchmark(12, jobs=1, scratch=tmp_path, requests=5, progress=lambda line: None)
    assert [figure.label for figure in report.exports] == [
        "full, --jobs 1",
        "incremental, nothing changed",
        "incremental, one entry edited",
        "incremental, one entry added",
        "incremental, one topic renamed",
        "full, --jobs 1",
        "search index (Pagefind)",
    ]
    full, unchanged, edited, added, renamed, again, search = report.exports
    assert full.pages + full.redirects == full.rendered > 12
    assert full.redirects == 1  # the renamed entry's old URL: written, but not a page
    assert (unchanged.rendered, unchanged.reused) == (0, full.rendered)
    assert edited.rendered > 0
    assert added.pages > full.pages
    assert Entry.objects.filter(slug="bench-added").exists()
    assert again.pages == renamed.pages
    assert search.pages > 12
    assert all(figure.peak_mb > 0 for figure in report.exports)
    assert "incremental, one topic renamed" in report.table()
    assert report.as_dict()["exports"][0]["pages_per_second"] > 0


def test_latency_reports_percentiles_and_queries_of_a_public_page(db):
    entry = make_entry("Measured entry", slug="measured")
    figure = page_latency("entry page", entry.get_absolute_url(), requests=10)
    assert figure.requests == 10
    assert 0 < figure.p50_ms <= figure.p95_ms
    assert figure.queries > 0


def test_latency_refuses_a_page_that_does_not_answer_200(db):
    with pytest.raises(RuntimeError, match="answered 404"):
        page_latency("missing", "/en/entries/no-such-entry/", requests=1)


def test_queries_are_counted_even_with_debug_off(db, settings):
    settings.DEBUG = False
    entry = make_entry("Measured entry", slug="measured")
    assert page_latency("entry page", entry.get_absolute_url(), requests=2).queries > 0


def test_peak_memory_sees_this_process(db):
    with peak_memory() as peak:
        ballast = bytearray(64 * 2**20)
    assert peak() >= 64
    del ballast


def test_benchmark_never_runs_against_the_projects_database(db, tmp_path):
    with pytest.raises(CommandError, match="Refusing to benchmark"):
        call_command("bench", "--inner", "--entries", "10", "--workdir", str(tmp_path))


def test_benchmark_refuses_a_meaningless_size():
    with pytest.raises(CommandError, match="at least 10"):
        call_command("bench", "--entries", "3")
