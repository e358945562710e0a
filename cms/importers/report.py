"""The one report every importer returns: what happened to each item, and what was not kept.

An import never drops anything without saying so. Each item the run met
gets one ``Item``: created, updated, unchanged or skipped (with the reason),
the fields of the source that the CMS did not keep (``not_kept``) and
anything else worth a look (``notes``: shortcodes kept as text, images
copied, redirects recorded). Commands print it and ``--json FILE`` writes it
as ``to_json()`` gives it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

CREATE, UPDATE, UNCHANGED, SKIP = "create", "update", "unchanged", "skip"


@dataclass
class Item:
    """One file or entry of the source, and what the run did with it (or would, in a dry run)."""

    action: str  # CREATE, UPDATE, UNCHANGED or SKIP
    label: str  # what it was about: "entry 2 (arXiv 2401.01234)", "posts/hello.md"
    detail: str = ""  # where it went, the changed fields, or why it was skipped
    not_kept: list[str] = field(default_factory=list)  # "weight: 3 (the CMS orders by date)"
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = f"{self.action:<9} {self.label}"
        return f"{text}: {self.detail}" if self.detail else text

    def lines(self) -> list[str]:
        """The item as the commands print it: one line, then its fields and notes indented."""
        indent = " " * 12
        return [
            str(self),
            *(f"{indent}not kept: {text}" for text in self.not_kept),
            *(f"{indent}note: {text}" for text in self.notes),
        ]

    @property
    def worth_reading(self) -> bool:
        """Skipped, or something left out or worth a look: printed even without ``-v 2``."""
        return self.action == SKIP or bool(self.not_kept or self.notes)


@dataclass
class ImportResult:
    """Every item of one run; ``summary()`` is the line a command prints last."""

    source: str
    dry_run: bool = False
    items: list[Item] = field(default_factory=list)
    topics_created: list[str] = field(default_factory=list)

    def add(
        self,
        action: str,
        label: str,
        detail: str = "",
        *,
        not_kept: list[str] | None = None,
        notes: list[str] | None = None,
    ) -> Item:
        # The lists are kept, not copied: an importer may add to them after the write.
        item = Item(action, label, detail, not_kept if not_kept is not None else [], notes or [])
        self.items.append(item)
        return item

    def _count(self, action: str) -> int:
        return sum(1 for item in self.items if item.action == action)

    @property
    def created(self) -> int:
        return self._count(CREATE)

    @property
    def updated(self) -> int:
        return self._count(UPDATE)

    @property
    def unchanged(self) -> int:
        return self._count(UNCHANGED)

    @property
    def skipped(self) -> list[Item]:
        return [item for item in self.items if item.action == SKIP]

    @property
    def not_kept(self) -> int:
        return sum(len(item.not_kept) for item in self.items)

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        text = (
            f"{self.source}: {verb} {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged, {len(self.skipped)} skipped"
        )
        if self.not_kept:
            text += f"; {_count(self.not_kept, 'field')} not kept"
        if self.topics_created:
            text += f"; {_count(len(self.topics_created), 'new topic')}"
        if self.dry_run:
            text += " (dry run: nothing was saved)"
        return text + "."

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "summary": self.summary(),
            "counts": {
                "created": self.created,
                "updated": self.updated,
                "unchanged": self.unchanged,
                "skipped": len(self.skipped),
                "not_kept": self.not_kept,
            },
            "topics_created": self.topics_created,
            "items": [asdict(item) for item in self.items],
        }


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def write_json_report(path: str | Path, data: dict[str, Any]) -> None:
    """Write a report (or a failed run's error) as UTF-8 JSON, readable by people too."""
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
