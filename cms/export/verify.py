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
"""

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cms.exceptions import ExportError
from cms.export.bookkeeping import KEPT_NAMES, OutputLock, manifest_path
from cms.export.manifest import Manifest
from cms.export.standby import StandbyRecord
from cms.export.static import file_digest
from cms.search.static_index import BUNDLE_DIR

NAMED = 20


@dataclass
class Verification:
    output: Path
    files: int
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.changed or self.missing or self.unexpected)

    def describe(self) -> str:
        if self.ok:
            return f"Verified {self.files} files in {self.output}: each matches the manifest."
        lines = [f"{self.output} does not match its manifest:"]
        for label, names in (
            ("differs from its manifest record", self.changed),
            ("is missing", self.missing),
            ("is not in the manifest", self.unexpected),
        ):
            lines += [f"  {name}: {label}" for name in names[:NAMED]]
            if len(names) > NAMED:
                lines.append(f"  and {len(names) - NAMED} more that {label.replace('is ', 'are ')}")
        lines.append("The next export checks every file and puts the output right.")
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
        result = Verification(output, len(expected))
        for relative, sha256 in sorted(expected.items()):
            if relative not in found:
                result.missing.append(relative)
            elif not found[relative] or file_digest(output / relative)[0] != sha256:
                result.changed.append(relative)
        result.unexpected = sorted(set(found) - set(expected))
        if not result.ok:
            StandbyRecord(output).drop()
        return result


def _files(folder: str, prefix: str) -> Iterator[tuple[str, bool]]:
    """``(relative path, whether it is a regular file)`` of everything under ``folder`` that
    is not a folder, ``.git`` or the Pagefind bundle."""
    with os.scandir(folder) as entries:
        for entry in entries:
            relative = prefix + entry.name
            if relative in KEPT_NAMES or relative == BUNDLE_DIR:
                continue
            if entry.is_dir(follow_symlinks=False):
                yield from _files(entry.path, relative + "/")
            else:
                yield relative, entry.is_file(follow_symlinks=False)
