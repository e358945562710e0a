"""Child processes the benchmark times (their own peak memory and CPU), and a whole run."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from devtools.bench.process import SUMMARY, run_measured


def test_peak_memory_of_a_child_is_its_own_not_the_benchmarks():
    ballast = bytearray(300 * 2**20)  # this process is large; a child's figure must not show it
    ballast[::4096] = b"x" * len(ballast[::4096])
    run = run_measured(["/bin/sleep", "0.3"])
    assert run.returncode == 0
    assert 0 < run.peak_mb < 50
    del ballast


def test_a_child_that_grows_is_measured_with_its_cpu_time():
    grow = "b = bytearray(150 * 2**20); b[::4096] = b'x' * len(b[::4096]); sum(range(10**7))"
    run = run_measured([sys.executable, "-c", grow])
    assert run.returncode == 0
    assert run.peak_mb >= 150
    assert run.cpu_seconds > 0.05 and run.seconds >= run.cpu_seconds * 0.5


def test_summary_line_of_the_export_command_is_read():
    line = "Exported 2867 pages and 12 files (9.1 MB) in 3.2 s: 289 rendered, 2578 reused"
    assert SUMMARY.search(line).groups() == ("2867", "289", "2578")


@pytest.mark.skipif(shutil.which("hugo") is None, reason="hugo is not installed")
def test_bench_reports_fresh_process_incrementals_and_hugo_in_table_and_json(tmp_path):
    """The whole command, end to end, on its own scratch database."""
    figures = tmp_path / "bench.json"
    manage = Path(settings.BASE_DIR) / "manage.py"
    command = [sys.executable, str(manage), "bench", "--entries", "10", "--requests", "3"]
    done = subprocess.run(
        [*command, "--hugo", "--fresh", "--json", str(figures)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "incremental, one entry added, fresh process" in done.stdout
    assert "Hugo's pages/s are" in done.stdout
    report = json.loads(figures.read_text())
    fresh = [figure for figure in report["exports"] if figure["label"].endswith("fresh process")]
    assert [figure["label"].split(",")[1].strip() for figure in fresh] == [
        "one entry edited",
        "one entry added",
        "one topic renamed",
    ]
    for figure in fresh:
        assert figure["seconds"] > 0 and figure["cpu_seconds"] > 0 and figure["peak_mb"] > 20
        assert figure["rendered"] + figure["reused"] == figure["pages"]
    edited, added, _renamed = fresh
    assert 0 < edited["rendered"] < edited["pages"] / 2  # incremental, not a full export
    assert added["pages"] > edited["pages"]
    full = report["exports"][0]
    assert full["redirects"] >= 1 and full["cpu_seconds"] > 0
    assert report["hugo"]["pages"] > 10 and report["hugo"]["redirects"] >= 1
    assert set(report["hugo_ratios"]) == {"full, --jobs 1", "full, --jobs 2"}
