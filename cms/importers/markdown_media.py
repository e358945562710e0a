"""Images that imported pages show from their own folder, copied into the site's media.

``![alt](cat.png)``, ``<img src="../img/cat.png">`` and a ``figure``'s
``src`` that name a file inside the imported folder are read, checked and
re-encoded exactly as an uploaded image is (``cms.uploads``), stored under
``imports/`` with a name made from their content (so importing again
stores nothing new), and the page links to the stored copy. A reference
that names no file in the folder, or a file that is not an image we accept,
stays as written and gets a note. Files are written only after the run's
transaction has committed, and never in a dry run.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from cms.exceptions import UploadError
from cms.uploads import check_upload_size, open_image, reencode

_MARKDOWN_IMAGE_RE = re.compile(r"(!\[[^\]\n]*\]\()(<[^>\n]+>|[^)\s]+)")
_HTML_IMAGE_RE = re.compile(r"(<img\b[^>]*?\bsrc=[\"'])([^\"']+)", re.IGNORECASE)
_REFERENCE_RE = re.compile(r"^( {0,3}\[[^\]\n]+\]:\s*)(\S+)", re.MULTILINE)
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")
FOLDER = "imports"


class MediaCopier:
    """Collects the images of one run; ``store()`` writes them once the run succeeded."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.pending: dict[str, bytes] = {}  # storage name -> re-encoded bytes
        self.used: set[str] = set()  # folder-relative paths of the images pages show
        self._done: dict[str, str | Exception] = {}  # folder-relative path -> url or problem

    def _file(self, reference: str, directory: str) -> str | None:
        """The folder-relative path ``reference`` names, if it is a file inside the folder."""
        parts = urlsplit(reference.strip("<>"))
        if parts.scheme or parts.netloc or not parts.path:
            return None
        path = unquote(parts.path)
        joined = path.lstrip("/") if path.startswith("/") else posixpath.join(directory, path)
        rel = posixpath.normpath(joined)
        if rel.startswith("../") or rel == "..":
            return None
        # A path from the site's root may name a file of Hugo's static/ folder.
        for candidate in [rel] + ([f"static/{rel}"] if path.startswith("/") else []):
            full = self.root / candidate
            if (
                full.is_file()
                and not full.is_symlink()
                and full.resolve().is_relative_to(self.root)
            ):
                return candidate
        return ""

    def _copy(self, rel: str) -> str | Exception:
        if rel not in self._done:
            try:
                data = (self.root / rel).read_bytes()
                check_upload_size(len(data))
                content, extension = reencode(open_image(data))
            except (UploadError, OSError) as error:
                self._done[rel] = error
            else:
                name = f"{FOLDER}/{hashlib.sha256(data).hexdigest()[:20]}.{extension}"
                self.pending[name] = content
                self._done[rel] = default_storage.url(name)
        return self._done[rel]

    def rewrite(self, body: str, rel: str, notes: list[str]) -> str:
        """``body`` with each image inside the folder pointing at its copy in the media."""
        directory = posixpath.dirname(rel)

        def replace(match: re.Match) -> str:
            reference = match.group(2)
            if urlsplit(reference).scheme:
                return match.group(0)
            found = self._file(reference, directory)
            if found is None:
                return match.group(0)
            if found == "":
                if reference.lower().endswith(_IMAGE_SUFFIXES):
                    notes.append(
                        f"image {reference} is not in the imported folder; kept as written"
                    )
                return match.group(0)
            if not found.lower().endswith(_IMAGE_SUFFIXES):
                return match.group(0)
            self.used.add(found)
            outcome = self._copy(found)
            if isinstance(outcome, Exception):
                notes.append(f"image {reference} not copied: {outcome}")
                return match.group(0)
            return match.group(1) + outcome

        for pattern in (_MARKDOWN_IMAGE_RE, _HTML_IMAGE_RE, _REFERENCE_RE):
            body = pattern.sub(replace, body)
        return body

    def store(self) -> None:
        for name, content in self.pending.items():
            if not default_storage.exists(name):
                default_storage.save(name, ContentFile(content))
