"""Publishing the static export to where readers get it: a bucket, a git branch or a folder.

``publish_site`` exports the site (or takes an existing export), reads its
files once, asks the target what it holds, plans the difference by content
hash and carries it out in the order ``plan.Plan.steps`` gives. The export
is a black box here: any folder it leaves is published minus its own
bookkeeping (``files.is_bookkeeping``).
"""

import time
from dataclasses import dataclass, field
from pathlib import Path

from cms.exceptions import ExportError, PublishError
from cms.publish.files import read_folder
from cms.publish.folder import FolderTarget
from cms.publish.git import GitTarget
from cms.publish.plan import Progress, make_plan
from cms.publish.s3 import S3Target

__all__ = ["PublishResult", "parse_target", "publish_site"]


def parse_target(spec: str, *, cname: str | None = None):
    """``s3://BUCKET[/PREFIX]``, ``git+URL#BRANCH`` or a folder path."""
    if cname and not spec.startswith("git+"):
        raise PublishError("--cname applies to git targets (GitHub Pages) only.")
    if spec.startswith("s3://"):
        return S3Target.parse(spec)
    if spec.startswith("git+"):
        return GitTarget.parse(spec, cname=cname)
    if "://" in spec:
        raise PublishError(
            f"{spec!r} is not a target publish knows; give s3://BUCKET[/PREFIX], "
            "git+URL#BRANCH or a folder."
        )
    return FolderTarget.parse(spec)


@dataclass
class PublishResult:
    target: str
    uploaded: int
    deleted: int
    unchanged: int
    seconds: float
    dry_run: bool = False
    changes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        counts = f"{self.uploaded} uploaded, {self.deleted} deleted, {self.unchanged} unchanged"
        if self.dry_run:
            return f"Dry run for {self.target}: would be {counts}; nothing was changed."
        return f"Published to {self.target}: {counts} in {self.seconds:.1f} s."

    def as_json(self) -> dict:
        return {
            "target": self.target,
            "dry_run": self.dry_run,
            "uploaded": self.uploaded,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
            "seconds": round(self.seconds, 3),
        }


def export_for_publishing(output: Path, *, base_url: str | None, progress=None) -> Path:
    """Export into ``output`` as ``export --incremental`` does; raise unless it verified."""
    from cms.export import export_site
    from cms.export.static import collect_static
    from cms.media import media_for_export

    collect_static()
    with media_for_export(output):
        try:
            result = export_site(
                output, base_url=base_url, incremental=True, search=True, progress=progress
            )
        except ExportError as error:
            raise PublishError(f"The export failed, so nothing was published: {error}") from error
    if not result.published:
        broken = "; ".join(link.describe() for link in result.broken[:5])
        raise PublishError(
            f"The export found {len(result.broken)} broken internal links ({broken}), so "
            "nothing was published; fix them and publish again."
        )
    return result.output_dir


def publish_site(
    target_spec: str,
    *,
    source: str | Path | None = None,
    output: str | Path = "_site",
    base_url: str | None = None,
    cname: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    export_progress=None,
) -> PublishResult:
    """Publish an export to ``target_spec``; see the module docstring.

    Without ``source`` the site is exported into ``output`` first (kept
    there, so the next export is incremental). Raises ``PublishError`` for
    anything the user must fix; the target is then as it was, or (for a
    bucket, which changes file by file) holds new assets but still the old
    pages.
    """
    started = time.monotonic()
    target = parse_target(target_spec, cname=cname)
    try:
        if source is None:
            folder = export_for_publishing(
                Path(output), base_url=base_url, progress=export_progress
            )
        else:
            folder = Path(source).resolve()
        target.check(folder)
        local = read_folder(folder)
        local.update({file.path: file for file in target.extra_files()})
        plan = make_plan(local, target.remote_files(), target.is_same)
        if not dry_run:
            target.apply(plan, progress)
    finally:
        target.close()
    return PublishResult(
        target=str(target),
        uploaded=len(plan.uploads),
        deleted=len(plan.deletions),
        unchanged=len(plan.unchanged),
        seconds=time.monotonic() - started,
        dry_run=dry_run,
        changes=list(plan.lines()),
    )
