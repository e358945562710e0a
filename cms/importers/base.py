"""What every importer shares: reading input safely, and the run's transaction.

Input is read with a size cap before anything is parsed, decoded as UTF-8 only
(a byte-order mark is allowed), and every run happens inside one transaction:
an error anywhere rolls back everything the run did, and ``--dry-run`` does
all the work, validation included, and then rolls back on purpose. So a dry
run reports exactly what a real run would do.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from django.db import transaction

from cms.conf import conf
from cms.exceptions import ImportFailed

#: ``progress(done, total, label)``: called after each item, for a progress bar.
Progress = Callable[[int, int, str], None]


def max_import_bytes() -> int:
    """The largest input file accepted, in bytes (``CMS_IMPORT_MAX_BYTES``)."""
    return int(conf.CMS_IMPORT_MAX_BYTES)


@contextmanager
def import_transaction(dry_run: bool) -> Iterator[None]:
    """One transaction per run; rolled back on any error, and always for a dry run."""
    with transaction.atomic():
        yield
        if dry_run:
            transaction.set_rollback(True)


# ---------------------------------------------------------------------------------------
# Reading input.
# ---------------------------------------------------------------------------------------


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / 1024 / 1024:.1f}".removesuffix(".0") + " MB"
    return f"{count:,} bytes"


def _too_large(source: str, size: int | None, limit: int) -> ImportFailed:
    shown = f"the file is {_size(size)}" if size is not None else "the input is longer"
    return ImportFailed(
        source,
        f"{shown}; the limit is {_size(limit)} (CMS_IMPORT_MAX_BYTES). "
        "Split it into smaller files.",
    )


def read_stream(stream: BinaryIO, source: str) -> bytes:
    """Read at most the size limit from ``stream``; refuse anything longer without reading it."""
    limit = max_import_bytes()
    data = stream.read(limit + 1)
    if isinstance(data, str):
        raise TypeError("importers read bytes: open the file in binary mode ('rb')")
    if len(data) > limit:
        raise _too_large(source, None, limit)
    return data


def read_file(path: Path, source: str) -> bytes:
    """Read a regular file after checking its size on disk, so a huge file is never loaded."""
    limit = max_import_bytes()
    try:
        size = path.stat().st_size
        if size > limit:
            raise _too_large(source, size, limit)
        with path.open("rb") as stream:
            return read_stream(stream, source)
    except OSError as error:
        raise ImportFailed(source, f"cannot read the file ({error.strerror}).") from error


def open_source(name: str, *, limit: int | None = -1) -> tuple[BinaryIO, str]:
    """The binary stream for a command's FILE argument (``-`` is standard input).

    A file larger than ``limit`` bytes (default: the import limit; ``None``
    for none) is refused before it is opened.
    """
    import sys

    if name == "-":
        return sys.stdin.buffer, "standard input"
    path = Path(name)
    if not path.is_file():
        raise ImportFailed(name, "no such file.")
    limit = max_import_bytes() if limit == -1 else limit
    if limit is not None and path.stat().st_size > limit:
        raise _too_large(name, path.stat().st_size, limit)
    return path.open("rb"), os.fspath(name)


_OTHER_BOMS = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 text with ``\\n`` line ends, or an error naming the line that is not UTF-8.

    Only UTF-8 is accepted (with or without a byte-order mark): guessing an
    encoding from bytes silently turns GBK or Latin-1 text into nonsense.
    """
    for bom, name in _OTHER_BOMS.items():
        if data.startswith(bom):
            raise ImportFailed(source, f"the file is {name} text; save it as UTF-8 and try again.")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportFailed(
            source,
            f"byte 0x{data[error.start]:02X} is not UTF-8, so the file is in another encoding "
            "(such as GBK or Latin-1). Save it as UTF-8 and try again.",
            location=f"line {line}",
        ) from None
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportFailed(
            source,
            "the file contains a NUL byte, so it is not a text file.",
            location=f"line {line}",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")
