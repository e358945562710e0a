"""Every file and folder that docs/architecture.md names exists, so the page stays true.

``python devtools/check_architecture.py`` (a step of ``.ci/run``) reads the
page, takes every path in backquotes that starts at one of the project's
top-level folders (``cms/views/entries.py``, ``cms/export/``,
``templates/cms/``), and exits 1 naming the ones that are gone, 0 otherwise.
So the page names modules by path, not by dotted name.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "architecture.md"
TOP = ("cms", "devtools", "site_project", "templates", "tests", "docs", "deploy", "static")
CODE_SPAN = re.compile(r"`([^`\s]+)`")


def named_paths(text: str) -> list[str]:
    """The repository paths the page names, in order, each once."""
    found: list[str] = []
    for span in CODE_SPAN.findall(text):
        if span.split("/")[0] in TOP and "/" in span and span not in found:
            found.append(span)
    return found


def missing(text: str) -> list[str]:
    return [path for path in named_paths(text) if not (ROOT / path).exists()]


def main() -> int:
    text = PAGE.read_text(encoding="utf-8")
    gone = missing(text)
    for path in gone:
        print(f"{PAGE.relative_to(ROOT)} names {path}, which does not exist.", file=sys.stderr)
    if not gone:
        print(f"{PAGE.relative_to(ROOT)}: all {len(named_paths(text))} paths it names exist.")
    return 1 if gone else 0


if __name__ == "__main__":
    sys.exit(main())
