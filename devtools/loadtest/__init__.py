"""``manage.py loadtest``: gunicorn with 2 workers on a scratch demo site, readers and editors.

``run_loadtest`` prepares the scratch site (``server``), runs the load
(``load``) for a fixed time or number of requests, whichever comes first,
and returns what the command reports. The run failed when any request
failed, any successful save is missing afterwards, any public page stayed
stale, or the server logged an error.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from devtools.loadtest.load import Stats, report, run_load
from devtools.loadtest.server import ScratchSite, ScratchSiteError

__all__ = ["LoadtestResult", "ScratchSiteError", "run_loadtest"]


@dataclass
class LoadtestResult:
    stats: Stats
    server_errors: list[str]

    @property
    def failed(self) -> bool:
        stats = self.stats
        return bool(stats.errors or stats.lost or stats.stale or self.server_errors) or (
            not stats.saved
        )

    def lines(self) -> list[str]:
        return report(self.stats) + [f"server: {line}" for line in self.server_errors[:20]]


def run_loadtest(
    *,
    seconds: float,
    max_requests: int,
    readers: int = 4,
    workers: int = 2,
    workdir: Path | None = None,
    keep: bool = False,
    step: Callable[[str], None] = lambda message: None,
) -> LoadtestResult:
    """Prepare a scratch site, serve it with gunicorn and load it; see the module docstring."""
    folder = workdir or Path(tempfile.mkdtemp(prefix="digest-loadtest-"))
    site = ScratchSite.create(folder, CMS_API_ANON_RATE="1000000/minute")
    try:
        step("Preparing a scratch site with the demo content")
        site.prepare()
        step(f"Starting gunicorn with {workers} workers on {site.port}")
        with site.serving(workers=workers):
            step(f"Load for {seconds:g} s or {max_requests} requests")
            stats = run_load(
                site.base_url,
                editors=[("editor", site.password), ("admin", site.password)],
                seconds=seconds,
                max_requests=max_requests,
                readers=readers,
            )
        return LoadtestResult(stats, site.server_errors())
    finally:
        if not keep and workdir is None:
            shutil.rmtree(folder, ignore_errors=True)
