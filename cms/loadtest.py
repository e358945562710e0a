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

import http.client
import itertools
import json
import random
import re
import threading
import time
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

CHANGE_LINK = re.compile(r'href="(/admin/cms/entry/(\d+)/change/)')
MARKER = "loadtest-save"
CONFLICT = "after you opened it, so your changes were not saved and nothing was overwritten"


class FormParser(HTMLParser):
    """The fields a browser would submit from ``<form id=form_id>``."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("id") == self.form_id:
            self.inside = True
        if not self.inside:
            return
        name = attributes.get("name")
        if tag == "input" and name:
            kind = attributes.get("type", "text")
            if kind in ("submit", "button", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            self.fields.append((name, attributes.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attributes:
            self.fields.append((self._select, attributes.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_data(self, data):
        if self._textarea:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea:
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def form_fields(page: str, form_id: str) -> list[tuple[str, str]]:
    parser = FormParser(form_id)
    parser.feed(page)
    return parser.fields


class Session:
    """One HTTP/1.1 connection with its own cookies (attributes ignored: http on 127.0.0.1)."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port or 80
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def request(self, method: str, path: str, body: dict | list | None = None):
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "digest-loadtest"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection; a browser reconnects.
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location"), content.decode("utf-8", "replace")

    def close(self):
        if self.connection:
            self.connection.close()


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    saved: dict[int, list[str]] = field(default_factory=dict)
    conflicts: int = 0
    lost: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    pages_checked: int = 0
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


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(stats: Stats, kind: str, session: Session, method: str, path: str, body=None):
    started = time.perf_counter()
    try:
        result = session.request(method, path, body)
    except OSError as error:
        stats.error(f"{method} {path}: {error}")
        return None
    stats.record(kind, time.perf_counter() - started)
    return result


def log_in(base_url: str, username: str, password: str) -> Session:
    session = Session(base_url)
    _status, _location, page = session.request("GET", "/admin/login/")
    fields = dict(form_fields(page, "login-form"))
    fields.update(username=username, password=password, next="/admin/")
    status, location, _page = session.request("POST", "/admin/login/", fields)
    if status != 302:
        raise RuntimeError(f"Logging in as {username} failed (HTTP {status}).")
    return session


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
    if fields.get("status") != "published":
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
