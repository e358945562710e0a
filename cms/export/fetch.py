"""Rendering one URL the way an anonymous visitor would get it, in-process.

A ``django.test.Client`` runs the request through the whole middleware
stack and the real views, with no HTTP server. It is anonymous and keeps no
cookies from one request to the next, so no response can depend on an
earlier one (or on any editor's session), and the Host header is the
export's base host, so nothing can say ``testserver``. Redirects become a
small HTML page that a static host can serve. No query is recorded: what a
fetched page depends on is said by ``LoadedSite.inputs`` (the search page and
the API's schema and docs), and any other fetched URL is rendered every time.
"""

import hashlib
import html
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from http.cookies import SimpleCookie

from django.test import Client

from cms.export.links import NOT_FOUND_PATH, process
from cms.export.target import ExportTarget
from cms.export.tree import Placed
from cms.public_urls import pinned_url_state
from cms.publishing import frozen_clock

REDIRECT_CODES = {301, 302, 303, 307, 308}
HTML = "text/html; charset=utf-8"
REDIRECT_PAGE = """<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>Redirecting to {shown}</title>
<meta name="description" content="This page has moved to {shown}.">
<link rel="canonical" href="{canonical}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p><a href="{target}">{shown}</a></p>
</body>
</html>
"""


@dataclass
class Rendered:
    """What one URL answered, after its links were found and rewritten."""

    path: str
    status: int
    body: bytes = b""
    links: tuple[str, ...] = ()
    inputs: str | None = None
    reads: list[str] | None = None
    redirect_to: str = ""
    error: str = ""
    from_previous: bool = False
    sha256: str = field(default="")
    size: int = -1
    placed: Placed | None = None

    def __post_init__(self) -> None:
        if not self.sha256:
            self.sha256 = hashlib.sha256(self.body).hexdigest()
        if self.size < 0:
            self.size = len(self.body)

    @property
    def problem(self) -> str:
        """Why this answer is a broken link, or ``""``: anything but 200 (404 for the 404 page)
        or a redirect, or an empty body."""
        expected = 404 if self.path == NOT_FOUND_PATH else 200
        if self.status != expected and self.status not in REDIRECT_CODES:
            return f"answered {self.status}"
        return "" if self.size else "answered with an empty body"


class Renderer:
    """Fetches site paths through Django's request handler as a fresh anonymous client."""

    def __init__(self, target: ExportTarget, instant: datetime, loaded) -> None:
        self.target = target
        self.instant = instant
        self.loaded = loaded
        self.client = Client(HTTP_HOST=target.netloc, SERVER_NAME=target.hostname)

    def render(self, path: str) -> Rendered:
        """Never raises for a view's exception: it comes back in ``error`` with its traceback.

        A page of ``loaded`` (``cms.export.loaded.LoadedSite``) is rendered from
        the rows loaded once; any other goes through the request cycle.
        """
        page = self.loaded.pages.get(path)
        try:
            inputs, reads = self.loaded.inputs(path)
            if page is None:
                status, content_type, body, redirect_to = self.fetch(path)
            else:
                status, content_type, redirect_to = page.status, page.content_type, page.redirect_to
                body = b"" if status in REDIRECT_CODES else page.render()
            if status in REDIRECT_CODES:
                body = self.redirect_page(path, redirect_to).encode()
                content_type = HTML
        except Exception as error:  # noqa: BLE001 - any failure of a page fails the export
            return Rendered(path, 500, error=describe_error(error))
        processed = process(body, content_type, path, self.target, own=page is not None)
        return Rendered(path, status, processed.body, processed.links, inputs, reads, redirect_to)

    def fetch(self, path: str) -> tuple[int, str, bytes, str]:
        """Status, Content-Type, body and redirect location of ``path`` through the views."""
        self.client.cookies = SimpleCookie()
        with frozen_clock(self.instant), pinned_url_state():
            response = self.client.get(path, secure=self.target.scheme == "https")
            body = b"".join(response.streaming_content) if response.streaming else response.content
        redirect_to = response.get("Location", "") if response.status_code in REDIRECT_CODES else ""
        return response.status_code, response.get("Content-Type", ""), body, redirect_to

    def redirect_page(self, path: str, location: str) -> str:
        """A meta refresh to ``location`` with a canonical link to its absolute address."""
        located = self.target.locate(location, path)
        canonical = self.target.absolute(located.path) if located else location
        return REDIRECT_PAGE.format(
            target=html.escape(location, quote=True),
            canonical=html.escape(canonical, quote=True),
            shown=html.escape(location),
        )


def describe_error(error: BaseException) -> str:
    frames = traceback.format_exception(type(error), error, error.__traceback__)
    return f"{type(error).__name__}: {error}\n" + "".join(frames[-6:])
