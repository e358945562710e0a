"""What a publish changes: files to send, files to delete, files already there, and in what order.

A target lists what it holds (``remote``: path to whatever it knows of the
file, such as an ETag or a blob id) and says whether a held file has the
bytes of a local one; the plan follows from that alone, so ``--dry-run`` and
the real run agree. The order of ``steps`` is the order readers can bear on
a host that changes file by file: new and changed assets (stylesheets,
scripts, images, search index) first, then the pages that use them, and
deletions last, so no page ever points at something not yet there, and a
page that still links to a removed file is gone before the file is.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from cms.publish.files import LocalFile

Progress = Callable[[int, int, str], None]


@dataclass
class Plan:
    uploads: list[LocalFile] = field(default_factory=list)
    deletions: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not self.uploads and not self.deletions

    def steps(self) -> Iterator[tuple[str, LocalFile | str]]:
        """``("put", file)`` for assets, then for pages, then ``("delete", path)``."""
        for file in self.uploads:
            if not file.is_page:
                yield "put", file
        for file in self.uploads:
            if file.is_page:
                yield "put", file
        for path in self.deletions:
            yield "delete", path

    def lines(self) -> Iterator[str]:
        """What ``--dry-run`` prints: one line per change, in the order it would happen."""
        for action, item in self.steps():
            yield f"upload {item.path}" if action == "put" else f"delete {item}"


def make_plan(
    local: Mapping[str, LocalFile],
    remote: Mapping[str, Any],
    is_same: Callable[[LocalFile, Any], bool],
) -> Plan:
    plan = Plan()
    for path in sorted(local):
        file = local[path]
        if path in remote and is_same(file, remote[path]):
            plan.unchanged.append(path)
        else:
            plan.uploads.append(file)
    plan.deletions = sorted(set(remote) - set(local))
    return plan


def run_steps(
    plan: Plan,
    put: Callable[[LocalFile], None],
    delete: Callable[[list[str]], None],
    *,
    progress: Progress | None = None,
    batch: int = 1000,
) -> None:
    """Carry out the plan in ``steps`` order; deletions go in batches of ``batch`` paths."""
    total = len(plan.uploads) + len(plan.deletions)
    done = 0
    pending: list[str] = []
    for action, item in plan.steps():
        if action == "put":
            put(item)
            done += 1
            if progress:
                progress(done, total, item.path)
            continue
        pending.append(item)
        if len(pending) == batch:
            delete(pending)
            done += len(pending)
            if progress:
                progress(done, total, pending[-1])
            pending = []
    if pending:
        delete(pending)
        if progress:
            progress(total, total, pending[-1])
