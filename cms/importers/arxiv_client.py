"""Fetch papers from the arXiv API, at the pace arXiv asks for, retrying when it is busy.

arXiv asks API users for no more than one request every three seconds
(``CMS_ARXIV_DELAY_SECONDS``); every request, retries included, waits its
turn. A 503 or 429 (arXiv's "slow down"), a 5xx or a dropped connection is
tried again up to ``CMS_ARXIV_RETRIES`` times, after the ``Retry-After`` the
server gives or a doubling wait. The API's address is
``CMS_ARXIV_API_URL``, so tests point it at a local stand-in server. The
clock and the sleep are passed in, so pacing is tested without waiting.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode, urlsplit

from cms.conf import conf
from cms.exceptions import ImportFailed
from cms.importers.arxiv_feed import ATOM, Paper, parse_feed, read_paper, total_results
from cms.importers.base import max_import_bytes

RETRY_STATUSES = {429, 500, 502, 503, 504}
#: Ids per request; arXiv answers up to a few hundred, and a short URL is kinder to proxies.
IDS_PER_REQUEST = 50
LONGEST_WAIT = 120.0


@dataclass
class ArxivClient:
    base_url: str
    delay: float = 3.0
    retries: int = 3
    timeout: float = 30.0
    page_size: int = 100  # papers per page of a query
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _next_call: float | None = None

    @classmethod
    def from_settings(cls, **overrides) -> ArxivClient:
        return cls(
            base_url=conf.CMS_ARXIV_API_URL,
            delay=conf.CMS_ARXIV_DELAY_SECONDS,
            retries=conf.CMS_ARXIV_RETRIES,
            **overrides,
        )

    def _wait_turn(self) -> None:
        now = self.clock()
        wait = max((self._next_call or now) - now, 0.0)
        if wait > 0:
            self.sleep(wait)
        self._next_call = self.clock() + self.delay

    def get(self, params: dict[str, str]) -> bytes:
        """The body of one API answer; ``ImportFailed`` after the last retry."""
        if urlsplit(self.base_url).scheme not in ("http", "https"):
            raise ImportFailed("CMS_ARXIV_API_URL", f"{self.base_url!r} is not an http(s) address.")
        url = f"{self.base_url}?{urlencode(params)}"
        request = urllib.request.Request(url, headers={"User-Agent": "digest-cms importer"})
        opener = urllib.request.build_opener(_SameHostRedirects(urlsplit(url).hostname))
        backoff = 0.0
        for attempt in range(self.retries + 1):
            self._wait_turn()
            try:
                with opener.open(request, timeout=self.timeout) as response:
                    return self._read(response, url)
            except urllib.error.HTTPError as error:
                if error.code not in RETRY_STATUSES or attempt == self.retries:
                    tries = f" after {attempt + 1} tries" if attempt else ""
                    raise ImportFailed(
                        url, f"the arXiv API answered {error.code} {error.reason}{tries}."
                    ) from None
                backoff = _retry_after(error.headers.get("Retry-After")) or (
                    self.delay * 2 ** (attempt + 1)
                )
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                if attempt == self.retries:
                    reason = getattr(error, "reason", error)
                    raise ImportFailed(url, f"cannot reach the arXiv API ({reason}).") from None
                backoff = self.delay * 2 ** (attempt + 1)
            self._next_call = self.clock() + min(backoff, LONGEST_WAIT)
        raise AssertionError("unreachable")  # pragma: no cover

    def _read(self, response, url: str) -> bytes:
        limit = max_import_bytes()
        data = response.read(limit + 1)
        if len(data) > limit:
            raise ImportFailed(url, f"the answer is longer than {limit:,} bytes.")
        return data


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to the API's own host (http to https, say), never elsewhere."""

    def __init__(self, host: str | None) -> None:
        self.host = host

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target = urlsplit(newurl)
        if target.hostname != self.host or target.scheme not in ("http", "https"):
            raise ImportFailed(req.full_url, f"the arXiv API redirected to {newurl}; refused.")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _retry_after(value: str | None) -> float:
    try:
        return float(value) if value else 0.0
    except ValueError:
        return 0.0  # an HTTP date: fall back to doubling


def _papers(data: bytes, source: str, offset: int = 0) -> tuple[list[Paper], int | None]:
    root = parse_feed(data, source)
    elements = root.findall(f"{ATOM}entry")
    return [read_paper(e, offset + n, source) for n, e in enumerate(elements, 1)], total_results(
        root
    )


def fetch_ids(client: ArxivClient, ids: list[str]) -> tuple[list[Paper], list[str]]:
    """The papers with these ids, and the ids arXiv has no paper for."""
    papers: list[Paper] = []
    for start in range(0, len(ids), IDS_PER_REQUEST):
        batch = ids[start : start + IDS_PER_REQUEST]
        params = {"id_list": ",".join(batch), "max_results": str(len(batch))}
        found, _total = _papers(client.get(params), "the arXiv API", len(papers))
        papers += found
    returned = {p.arxiv_id for p in papers} | {p.versioned_id for p in papers}
    missing = [i for i in ids if i not in returned and re.sub(r"v\d+\Z", "", i) not in returned]
    return papers, missing


def fetch_query(
    client: ArxivClient, query: str, since: datetime | None, limit: int
) -> Iterator[Paper | str]:
    """Papers matching ``query``, newest first, down to ``since``; a note if ``limit`` cut it."""
    count = 0
    for start in range(0, limit, client.page_size):
        params = {
            "search_query": query,
            "start": str(start),
            "max_results": str(min(client.page_size, limit - start)),
            "sortBy": "submittedDate",
            "sortOrder": "descending",
        }
        page, total = _papers(client.get(params), "the arXiv API", count)
        for paper in page:
            if since is not None and paper.published and paper.published < since:
                return
            count += 1
            yield paper
        if len(page) < int(params["max_results"]) or (total is not None and count >= total):
            return
    yield f"stopped after {limit} papers; more match the query (raise --max)"
