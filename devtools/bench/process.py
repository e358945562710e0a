"""Commands the benchmark times in child processes: a fresh incremental export, and Hugo.

Inside the benchmark's own process an incremental export finds Django set
up, the code imported and caches warm; a publish hook starts a new process
every time, and issue 20's targets ("one entry edited < 1 s … each in a
fresh ``manage.py export --incremental`` process") are for that.
``timed_fresh_export`` runs the real command with the benchmark's
environment (its scratch database and folders) and reports what its summary
line says it rendered and reused. Pagefind is left out (``--no-search``) as
in the benchmark's other exports; ``collectstatic`` is skipped by the
command's own stamp, so the figure is start-up plus the export.
"""

import os
import re
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from devtools.bench.report import ExportFigure

SUMMARY = re.compile(r"Exported (\d+) pages .*?: (\d+) rendered, (\d+) reused")


@dataclass
class Run:
    """What one child process printed, its exit code, wall and CPU seconds and peak RSS (MiB)."""

    output: str
    returncode: int
    seconds: float
    cpu_seconds: float
    peak_mb: float

    def tail(self, lines: int = 3) -> str:
        return " / ".join(self.output.strip().splitlines()[-lines:])


def peak_rss_mb(pid: int) -> float:
    """The high-water resident size of one live process (``VmHWM``), 0 once it is gone.

    Not ``ru_maxrss`` from ``wait4``: Linux keeps there the high-water mark of
    the memory a child had before ``exec``, which is its parent's, so a
    100 MB benchmark process would report at least 100 MB for Hugo.
    """
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0.0


def run_measured(command: list[str], interval: float = 0.01) -> Run:
    """Run ``command`` to its end; its peak RSS is sampled every ``interval`` seconds."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, peak_rss_mb(process.pid))
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = process.stdout.read().decode(errors="replace")
    process.stdout.close()
    peak = max(peak, peak_rss_mb(process.pid))  # a zombie has no VmHWM: read before reaping
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    done.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return Run(output, process.returncode, seconds, cpu, peak)


def fresh_export_command(output: Path) -> list[str]:
    manage = Path(settings.BASE_DIR) / "manage.py"
    command = [sys.executable, str(manage), "export", "--output", str(output)]
    return [*command, "--incremental", "--no-search"]


def timed_fresh_export(label: str, output: Path) -> ExportFigure:
    """Run ``manage.py export --incremental`` on ``output`` in a new process and time it."""
    run = run_measured(fresh_export_command(output))
    summary = SUMMARY.search(run.output)
    if run.returncode or summary is None:
        raise RuntimeError(f"{label}: the export command failed ({run.returncode}): {run.tail()}")
    pages, rendered, reused = (int(number) for number in summary.groups())
    return ExportFigure(
        label,
        pages,
        rendered,
        reused,
        run.seconds,
        run.peak_mb,
        redirects=None,
        cpu_seconds=run.cpu_seconds,
    )
