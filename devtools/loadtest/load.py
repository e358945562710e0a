"""A bounded load test against a running server: readers and editors at once, nothing lost.

Reader threads fetch pages, feeds and API documents; editor threads, logged
in through the real admin login form, save entries through the real admin
change form (with its ``loaded_version`` field), each save adding a unique
marker line to the body. Two editors share the same entries, so some saves
meet the optimistic lock and are retried on a fresh form, as a person would.
At the end every entry is read back: each marker whose save succeeded must
be in it, and in its public page as an anonymous reader gets it (readers
fetched those pages throughout, so the server's page cache held them).
Only the standard library is used, so any server can be measured.
"""

import itertools
import json
import random
import re
import threading
import time
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urlsplit

from devtools.loadtest.client import Session, form_fields, log_in
from devtools.percentiles import percentile

CHANGE_LINK = re.compile(r'href="(/admin/cms/entry/(\d+)/change/)')
MARKER = "loadtest-save"
CONFLICT = "after you opened it, so your changes were not saved and nothing was overwritten"

PUBLISHED_BADGE = 'class="cms-status cms-status--published"'  # the change form's status


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    saved: dict[int, list[str]] = field(default_factory=dict)
    conflicts: int = 0
    lost: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    pages_checked: int = 0
    elapsed: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)

    @property
    def requests(self) -> int:
        return sum(len(values) for values in self.latencies.values())


def timed(stats: Stats, kind: str, session: Session, method: str, path: str, body=None):
    started = time.perf_counter()
    try:
        result = session.request(method, path, body)
    except OSError as error:
        stats.error(f"{method} {path}: {error}")
        return None
    stats.record(kind, time.perf_counter() - started)
    return result


def discover(session: Session) -> tuple[list[int], list[str]]:
    """Entry ids from the admin changelist, and public entry URLs (page and API) from the API."""
    _status, _location, page = session.request("GET", "/admin/cms/entry/")
    ids = sorted({int(match[2]) for match in CHANGE_LINK.finditer(page)})
    reader = Session(f"http://{session.host}:{session.port}")
    status, _location, body = reader.request("GET", "/api/v1/en/entries.json")
    reader.close()
    results = json.loads(body)["results"] if status == 200 else []
    urls = [urlsplit(item[key]).path for item in results[:10] for key in ("url", "api_url")]
    return ids, urls


def reader(base_url: str, urls: list[str], stats: Stats, stop: threading.Event, seed: int):
    session = Session(base_url)
    rng = random.Random(seed)
    while not stop.is_set():
        path = rng.choice(urls)
        kind = "feed" if path.endswith(".xml") else "api" if path.startswith("/api/") else "page"
        result = timed(stats, kind, session, "GET", path)
        if result and result[0] != 200:
            stats.error(f"GET {path}: HTTP {result[0]}")
    session.close()


def editor(session: Session, name: str, ids: list[int], stats: Stats, stop, seed: int):
    rng = random.Random(seed)
    for number in itertools.count(1):
        if stop.is_set():
            break
        entry_id = rng.choice(ids)
        marker = f"{MARKER} {name}-{number}"
        path = f"/admin/cms/entry/{entry_id}/change/"
        for _attempt in range(10):
            result = timed(stats, "admin form", session, "GET", path)
            if not result or result[0] != 200:
                stats.error(f"GET {path}: HTTP {result and result[0]}")
                return
            fields = form_fields(result[2], "entry_form")
            fields = [
                (key, f"{value.rstrip()}\n\n{marker}" if key == "body" else value)
                for key, value in fields
            ]
            result = timed(stats, "admin save", session, "POST", path, fields + [("_save", "1")])
            if result is None:
                return
            status, _location, page = result
            if status == 302:
                with stats.lock:
                    stats.saved.setdefault(entry_id, []).append(marker)
                break
            if status == 200 and CONFLICT in unescape(page):
                with stats.lock:
                    stats.conflicts += 1
                continue  # a fresh form, as a person would after the warning
            stats.error(f"POST {path}: HTTP {status} (no redirect: the save was refused)")
            return
        else:
            stats.error(f"POST {path}: still conflicting after 10 tries")


def run_load(
    base_url: str,
    *,
    editors: list[tuple[str, str]],
    seconds: float,
    max_requests: int,
    readers: int = 4,
    shared_entries: int = 3,
) -> Stats:
    """Run readers and editors for ``seconds`` or until ``max_requests``; then verify saves."""
    stats = Stats()
    sessions = [log_in(base_url, username, password) for username, password in editors]
    ids, entry_urls = discover(sessions[0])
    if not ids or not entry_urls:
        raise RuntimeError("The site has no entries to read and save; load demo content first.")
    ids = ids[:shared_entries]
    saved_pages = {entry_id: public_path(sessions[0], entry_id) for entry_id in ids}
    urls = ["/", "/en/", "/en/topics/", "/en/feed.xml", "/api/v1/index.json"]
    urls += ["/api/v1/en/entries.json", *entry_urls]
    urls += [path for path in saved_pages.values() if path]
    stop = threading.Event()
    threads = [
        threading.Thread(target=reader, args=(base_url, urls, stats, stop, n))
        for n in range(readers)
    ]
    threads += [
        threading.Thread(target=editor, args=(session, f"e{n}", ids, stats, stop, 100 + n))
        for n, session in enumerate(sessions)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    while time.monotonic() - started < seconds and stats.requests < max_requests:
        if not any(thread.is_alive() for thread in threads[readers:]):
            break
        time.sleep(0.05)
    stop.set()
    for thread in threads:
        thread.join()
    stats.elapsed = time.monotonic() - started
    stats.lost = verify_saves(sessions[0], stats)
    stats.stale = stale_pages(base_url, saved_pages, stats)
    for session in sessions:
        session.close()
    return stats


def verify_saves(session: Session, stats: Stats) -> list[str]:
    """Markers of successful saves that are missing from the entries now."""
    lost = []
    for entry_id, markers in stats.saved.items():
        _status, _location, page = session.request("GET", f"/admin/cms/entry/{entry_id}/change/")
        body = dict(form_fields(page, "entry_form")).get("body", "")
        lost += [marker for marker in markers if marker not in body.splitlines()]
    return lost


def public_path(session: Session, entry_id: int) -> str | None:
    """The public page of an entry, read from its change form; None unless it is published."""
    _status, _location, page = session.request("GET", f"/admin/cms/entry/{entry_id}/change/")
    fields = dict(form_fields(page, "entry_form"))
    if PUBLISHED_BADGE not in page:  # the status is shown, not a form field
        return None
    return f"/{fields['language']}/entries/{fields['slug']}/"


def stale_pages(base_url: str, pages: dict[int, str | None], stats: Stats) -> list[str]:
    """Markers of successful saves that the entry's public page, read anonymously, lacks.

    Readers fetched these pages during the load, so each one was cached by
    the server before some of the saves; any marker missing now is a page
    the server went on serving after the content changed.
    """
    reader = Session(base_url)
    stale = []
    for entry_id, markers in stats.saved.items():
        path = pages.get(entry_id)
        if path is None:
            continue
        status, _location, page = reader.request("GET", path)
        if status != 200:
            stats.error(f"GET {path}: HTTP {status} after the load")
            continue
        stats.pages_checked += 1
        text = unescape(page)
        stale += [f"{path}: {marker}" for marker in markers if marker not in text]
    reader.close()
    return stale


def report(stats: Stats) -> list[str]:
    lines = [
        f"{stats.requests} requests in {stats.elapsed:.1f} s "
        f"({stats.requests / max(stats.elapsed, 0.001):.0f}/s); "
        f"{len(stats.errors)} errors; {sum(map(len, stats.saved.values()))} saves, "
        f"{stats.conflicts} conflicts retried, {len(stats.lost)} lost; "
        f"{stats.pages_checked} public pages checked after the load, {len(stats.stale)} stale.",
        f"{'kind':<11}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}",
    ]
    for kind, values in sorted(stats.latencies.items()):
        figures = [percentile(values, share) * 1000 for share in (0.5, 0.95, 0.99)]
        figures.append(max(values) * 1000)
        lines.append(f"{kind:<11}{len(values):>7}" + "".join(f"{f:>9.1f}" for f in figures))
    lines += [f"error: {message}" for message in stats.errors[:20]]
    lines += [f"lost: {marker}" for marker in stats.lost[:20]]
    lines += [f"stale: {marker}" for marker in stats.stale[:20]]
    return lines
