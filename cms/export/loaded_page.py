"""One URL the export renders from loaded rows (``LoadedPage``), and the digest of its inputs.

Shared by ``cms.export.loaded`` and the modules that add kinds to it
(``cms.export.loaded_indexes``), so each kind's digest is built the same way.
"""

import functools
import hashlib
from collections.abc import Callable

HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
JSON = "application/json"


class LoadedPage:
    """One URL's renderer, its content type and status, and what its bytes depend on."""

    __slots__ = ("content_type", "inputs", "redirect_to", "render", "status")

    def __init__(self, render: Callable[[], bytes], inputs: Callable[[], str] | None, **kind):
        self.render = render
        self.inputs = inputs
        self.content_type = kind.get("content_type", HTML)
        self.status = kind.get("status", 200)
        self.redirect_to = kind.get("redirect_to", "")


def redirect(location: str) -> LoadedPage:
    """A 301 to ``location``; its bytes are the crawl's redirect page, which shows only it."""
    return LoadedPage(bytes, bind(digest, "redirect", location), status=301, redirect_to=location)


def bind(function: Callable, *args) -> Callable:
    """``function`` called with ``args`` later; a ``partial``, a third smaller than a closure
    over them, and the export holds two for every URL it knows."""
    return functools.partial(function, *args)


def digest(*parts) -> str:
    """128 bits of SHA-256 in hex: ample to tell a page's inputs apart, and half the bytes
    a whole digest would take in the manifest, once per URL."""
    return hashlib.sha256("\0".join(map(str, parts)).encode()).hexdigest()[:32]
