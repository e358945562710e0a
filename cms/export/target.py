"""Where the exported site will be hosted, and what a link found in a page points to.

Pages are rendered with root-relative links (``/en/...``) and absolute links
built from ``CMS_SITE_URL``; during the export ``CMS_SITE_URL`` is the
``--base-url``. ``ExportTarget.locate`` turns any of those, and relative
links, into the *site path* the crawler fetches and the writer maps to a
file, resolving ``.``/``..`` and percent-encoding the way a browser does so
that two spellings of one URL are one file.
"""

import posixpath
import re
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from cms.exceptions import ExportError

UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
PATH_SAFE = "/%!$&'()*+,;=:@-._~"
DEFAULT_PORTS = {"http": 80, "https": 443}
PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
PLAIN_PATH = re.compile(r"(?:/[A-Za-z0-9_~-]+(?:\.[A-Za-z0-9_~-]+)*)*/?\Z")
UNKNOWN = object()
PAGE_FREE = ("/", "#", "")


@dataclass(frozen=True, slots=True)
class Located:
    """A same-site link: the path to fetch, and what else the link carried (slots: an
    export's ``ExportTarget.located`` keeps one for each link spelling it saw)."""

    path: str
    query: str = ""
    fragment: str = ""
    absolute: bool = False

    @property
    def key(self) -> str:
        """How the crawl and the manifest name the link: ``path`` or ``path?query``."""
        return f"{self.path}?{self.query}" if self.query else self.path


@dataclass(frozen=True)
class ExportTarget:
    """The base URL the export is for, and the URL prefixes that are files, not views."""

    base_url: str
    relative: bool = False
    static_prefix: str | None = "/static/"
    media_prefix: str | None = "/media/"
    excluded: tuple[str, ...] = ()
    located: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def create(cls, base_url: str, *, relative: bool = False) -> "ExportTarget":
        parts = urlsplit(base_url.strip())
        if parts.scheme not in DEFAULT_PORTS or not parts.hostname or parts.query or parts.fragment:
            raise ExportError(
                f"--base-url {base_url!r} is not usable: give the public address of the "
                "site, such as https://example.org/ or https://example.org/digest/."
            )
        path = remove_dot_segments(normalise_percent(parts.path or "/"))
        normalised = f"{parts.scheme}://{parts.netloc.lower()}{path.rstrip('/')}/"
        return cls(
            base_url=normalised,
            relative=relative,
            static_prefix=_local_prefix(settings.STATIC_URL),
            media_prefix=_local_prefix(settings.MEDIA_URL),
            excluded=_excluded_prefixes(),
        )

    @property
    def scheme(self) -> str:
        return urlsplit(self.base_url).scheme

    @property
    def netloc(self) -> str:
        return urlsplit(self.base_url).netloc

    @property
    def hostname(self) -> str:
        return urlsplit(self.base_url).hostname or ""

    @property
    def base_path(self) -> str:
        return urlsplit(self.base_url).path

    def absolute(self, path: str) -> str:
        return self.base_url + path.lstrip("/")

    def is_excluded(self, path: str) -> bool:
        return any(path.startswith(prefix) for prefix in self.excluded)

    def file_root(self, path: str) -> str | None:
        """``"static"`` or ``"media"`` when the path is a collected or uploaded file."""
        for kind, prefix in (("static", self.static_prefix), ("media", self.media_prefix)):
            if prefix and path.startswith(prefix) and len(path) > len(prefix):
                return kind
        return None

    def locate(self, raw: str, page_path: str) -> Located | None:
        """The site path ``raw`` points to from ``page_path``, or None when it leaves the site.

        External, ``mailto:``/``javascript:``/``data:`` and fragment-only links
        are None: they are neither followed nor rewritten. Pages repeat the
        same few thousand links many times, so each spelling is worked out once
        per export (``located``): by itself when it starts with ``/`` or a
        scheme, or is empty or fragment-only (None on any page: keyed with
        the page, every page's ``#main`` was an entry of its own), with the
        page it was found on otherwise. A root path of plain segments, the
        most common link, is already a site path, and so is one after the
        base URL itself.
        """
        located = self.located.get(raw, UNKNOWN)
        if located is UNKNOWN:
            key = raw if raw[:1] in PAGE_FREE or SCHEME.match(raw) else (raw, page_path)
            located = self.located.get(key, UNKNOWN)
            if located is UNKNOWN:
                located = self.located[key] = self.locate_anew(raw.strip(" \t\n\r\f"), page_path)
        return located

    def key_of(self, path: str) -> str | None:
        """``locate(path, "/").key`` (None: not a page of the site), without keeping a
        ``Located`` for a plain root path, which is its own key: the loaded site names every
        URL it knows (33,600 at 10,000 entries) and few are ever linked in a run."""
        if path[:1] == "/" and PLAIN_PATH.match(path):
            return path
        located = self.locate(path, "/")
        return None if located is None else located.key

    def locate_anew(self, raw: str, page_path: str) -> Located | None:
        if not raw or raw.startswith("#"):
            return None
        if PLAIN_PATH.match(raw):
            return Located(raw)
        base = self.base_url
        if raw.startswith(base) and PLAIN_PATH.match(raw, len(base) - 1):
            return Located(raw[len(base) - 1 :], absolute=True)
        return self._locate(raw, "/" if raw.startswith("/") or SCHEME.match(raw) else page_path)

    def _locate(self, raw: str, page_path: str) -> Located | None:
        try:
            parts = urlsplit(raw)
            port = parts.port
        except ValueError:
            return None
        if parts.scheme or parts.netloc:
            scheme = (parts.scheme or self.scheme).lower()
            if scheme not in DEFAULT_PORTS or not self._same_host(parts.hostname, port, scheme):
                return None
            path = normalise_percent(parts.path or "/")
            base = self.base_path
            if path == base.rstrip("/"):
                path = base
            if not path.startswith(base):
                return None
            path = "/" + path[len(base) :]
        elif raw.startswith("/"):
            path = parts.path
        elif parts.path:
            path = posixpath.dirname(page_path.split("?")[0]).rstrip("/") + "/" + parts.path
        else:
            path = page_path
        path = remove_dot_segments(normalise_percent(path))
        return Located(path, parts.query, parts.fragment, bool(parts.scheme or parts.netloc))

    def _same_host(self, hostname: str | None, port: int | None, scheme: str) -> bool:
        ours = urlsplit(self.base_url)
        our_port = ours.port or DEFAULT_PORTS[ours.scheme]
        return (hostname or "").lower() == self.hostname and (
            port or DEFAULT_PORTS[scheme]
        ) == our_port


def normalise_percent(path: str) -> str:
    """Encode what must be encoded, decode unreserved characters, upper-case the rest.

    ``/a%2db/`` and ``/a-b/`` are one URL for a server, so they are one file
    here; ``%2e%2e`` becomes ``..`` and is then resolved like a browser does.
    """
    encoded = quote(path, safe=PATH_SAFE)

    def decode(match: re.Match) -> str:
        char = chr(int(match[1], 16))
        return char if char in UNRESERVED else "%" + match[1].upper()

    return PERCENT.sub(decode, encoded)


def remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4: ``/a/b/../c/`` to ``/a/c/``; ``..`` never climbs above ``/``."""
    segments = path.split("/")[1:] if path.startswith("/") else path.split("/")
    kept: list[str] = []
    for segment in segments:
        if segment == "..":
            if kept:
                kept.pop()
        elif segment != ".":
            kept.append(segment)
    result = "/" + "/".join(kept)
    if segments and segments[-1] in {".", ".."} and not result.endswith("/"):
        result += "/"
    return result


def _local_prefix(url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    return "/" + parts.path.strip("/") + "/"


def _excluded_prefixes() -> tuple[str, ...]:
    """The admin, the editor endpoints and signed previews: never public, never crawled.

    A preview link carries a token that shows an unpublished entry; even if
    one slipped into a public page, the export must not follow it.
    """
    prefixes = []
    for name, kwargs in (
        ("admin:index", {}),
        ("editor-markdownify", {}),
        ("editor-upload", {}),
        ("entry-preview", {"token": "token"}),
        ("api-preview", {"token": "token"}),
    ):
        try:
            path = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        prefixes.append(path[: path.index("token")] if kwargs else path)
    return tuple(sorted(prefixes))
