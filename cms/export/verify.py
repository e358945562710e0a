"""``manage.py export --verify``: every file of the output re-hashed against its manifest.

An incremental export trusts the journal of the standby tree
(``cms.export.standby``) and looks only at the files it changes, so a file
changed by hand in the output or the standby is not noticed by it. The
check reads every file of the output, compares its SHA-256 with the
manifest, and names the files that differ, that are missing and that the
manifest does not list (the Pagefind bundle and ``.git`` aside: the manifest
does not describe them). When anything differs it also removes the standby
record, so the next export, incremental or not, checks every file of the
standby and of the output and puts them right.

The standby is checked too, where its record vouches for it: the next
incremental export publishes what it holds there without looking, so a
file added by hand to the output, which that export moves into the
standby, would come back one export later. A standby file that is the
output's file itself (the same inode on the same device: a hard link, as
usual) stands or falls with it and is not read again. What the standby
gets wrong is named and its record removed, but the exit status stays
that of the output: the output is what is published, it matches, and
removing the record is the whole repair, so a publishing script has
nothing to stop for.
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cms.exceptions import ExportError
from cms.export.bookkeeping import KEPT_NAMES, OutputLock, manifest_path
from cms.export.manifest import Manifest
from cms.export.standby import StandbyRecord, standby_path
from cms.export.static import file_digest
from cms.search.static_index import BUNDLE_DIR

NAMED = 20


@dataclass
class Differences:
    """The paths of one tree that differ from the manifest, are missing or are not listed."""

    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changed or self.missing or self.unexpected)

    def lines(self) -> list[str]:
        lines = []
        for label, names in (
            ("differs from its manifest record", self.changed),
            ("is missing", self.missing),
            ("is not in the manifest", self.unexpected),
        ):
            lines += [f"  {name}: {label}" for name in names[:NAMED]]
            if len(names) > NAMED:
                lines.append(f"  and {len(names) - NAMED} more that {label.replace('is ', 'are ')}")
        return lines


@dataclass
class Verification:
    output: Path
    files: int
    differences: Differences = field(default_factory=Differences)
    standby: Differences = field(default_factory=Differences)

    @property
    def ok(self) -> bool:
        """Whether the output matches its manifest; the standby does not count (see above)."""
        return not self.differences

    def describe(self) -> str:
        if self.ok:
            lines = [f"Verified {self.files} files in {self.output}: each matches the manifest."]
        else:
            lines = [f"{self.output} does not match its manifest:", *self.differences.lines()]
        if self.standby:
            lines += [
                f"The standby {standby_path(self.output)}, which the next incremental export "
                "would publish without looking, does not match the manifest:",
                *self.standby.lines(),
            ]
        if not self.ok or self.standby:
            lines.append("The next export checks every file and puts them right.")
        return "\n".join(lines)


def verify_output(output_dir: str | Path) -> Verification:
    """Re-hash every file of the export in ``output_dir``; see the module docstring."""
    output = Path(output_dir).absolute()
    output = output.parent.resolve() / output.name
    with OutputLock(output):
        manifest = Manifest.load(output)
        if manifest is None or not output.is_dir():
            raise ExportError(
                f"{output} has no export to verify (no usable {manifest_path(output)}); "
                "export first."
            )
        expected = {record.path: record.sha256 for record in manifest.urls.values()}
        found = dict(_files(str(output), ""))
        result = Verification(output, len(expected), _compare(output, expected, found))
        record = StandbyRecord(output)
        pending = record.pending()
        standby = standby_path(output)
        if pending is not None and standby.is_dir() and not standby.is_symlink():
            result.standby = _compare(
                standby,
                {path: sha256 for path, sha256 in expected.items() if path not in pending},
                {path: inode for path, inode in _files(str(standby), "") if path not in pending},
                linked=found if os.stat(output).st_dev == os.stat(standby).st_dev else None,
            )
        if not result.ok or result.standby:
            record.drop()
        return result


def _compare(
    root: Path,
    expected: dict[str, str],
    found: dict[str, int | None],
    linked: dict[str, int | None] | None = None,
) -> Differences:
    """How the files ``found`` under ``root`` differ from the ``expected`` digests; a file
    whose inode ``linked`` gives for its path is that tree's file and is not read again."""
    differences = Differences()
    for relative, sha256 in sorted(expected.items()):
        if relative not in found:
            differences.missing.append(relative)
        elif found[relative] is None:
            differences.changed.append(relative)
        elif linked is not None and linked.get(relative) == found[relative]:
            continue
        elif file_digest(root / relative)[0] != sha256:
            differences.changed.append(relative)
    differences.unexpected = sorted(set(found) - set(expected))
    return differences


def _files(folder: str, prefix: str) -> Iterator[tuple[str, int | None]]:
    """``(relative path, inode)`` of everything under ``folder`` that is not a folder, ``.git``
    or the Pagefind bundle; the inode is None for what is not a regular file."""
    with os.scandir(folder) as entries:
        for entry in entries:
            relative = prefix + entry.name
            if relative in KEPT_NAMES or relative == BUNDLE_DIR:
                continue
            if entry.is_dir(follow_symlinks=False):
                yield from _files(entry.path, relative + "/")
            else:
                yield relative, entry.inode() if entry.is_file(follow_symlinks=False) else None
