"""Front-matter fields for what Hugo and Jekyll have no word for: status, the paper, the menu.

- ``status: draft | review | published`` sets a file's status, but never
  above the run's ``--status``: a file may hold itself back (as ``draft:
  true`` does) and cannot publish itself. A status it asked for and did not
  get is reported as not kept.
- ``paper:`` describes the paper an entry writes about, with ``authors``
  (a list), ``url``, ``arxiv``, ``doi``, ``code`` and ``journal``; the model
  validates each value as it does an editor's.
- ``menu: main`` (Hugo's way of putting a page in the site's main menu,
  also ``menu: [main]`` or ``menu: {main: {weight: 2}}``) makes the file a
  standalone page such as About, in the navigation, ordered by the menu
  entry's ``weight`` or else the page's own.
"""

from __future__ import annotations

from typing import Any

from cms.exceptions import ImportFailed
from cms.importers import frontmatter
from cms.publishing import Status

#: Statuses a file may ask for, from the most held back.
FILE_STATUSES = [Status.DRAFT, Status.REVIEW, Status.PUBLISHED]
#: ``paper:`` keys and the entry fields they fill.
PAPER_FIELDS = {
    "url": "source_url",
    "arxiv": "arxiv_id",
    "doi": "doi",
    "code": "code_url",
    "journal": "journal_ref",
}
MAIN_MENU = "main"


def file_status(data: dict[str, Any], source: str) -> str:
    """The status the file asks for, or ``""``; an unknown one is an error naming the choices."""
    written = frontmatter.text_value(data, "status", source)
    if not written:
        return ""
    if written.lower() not in FILE_STATUSES:
        raise ImportFailed(
            source, f"front matter field “status” is {written!r}; use draft, review or published."
        )
    return written.lower()


def effective_status(asked: str, run_status: str, not_kept: list[str]) -> str:
    """The lower of the file's status and the run's; a higher one asked for is not kept."""
    if not asked or run_status not in FILE_STATUSES:
        return run_status
    if FILE_STATUSES.index(asked) > FILE_STATUSES.index(run_status):
        not_kept.append(f"status: {asked}")
        return run_status
    return asked


def paper_fields(data: dict[str, Any], source: str, not_kept: list[str]) -> dict[str, str]:
    """The entry fields ``paper:`` fills; keys the CMS has no field for are not kept."""
    paper = data.get("paper")
    if paper is None:
        return {}
    if not isinstance(paper, dict):
        raise ImportFailed(
            source,
            "front matter field “paper” must be a mapping (authors, url, arxiv, doi, code, "
            "journal), not " + type(paper).__name__ + ".",
        )
    fields = {}
    for key, value in paper.items():
        name = f"paper.{key}"
        if key == "authors":
            fields["paper_authors"] = "\n".join(frontmatter.list_value(paper, key, source))
        elif key in PAPER_FIELDS:
            fields[PAPER_FIELDS[key]] = _text(paper, key, name, source)
        else:
            not_kept.append(f"{name}: {value}")
    return fields


def _text(mapping: dict[str, Any], key: str, name: str, source: str) -> str:
    try:
        return frontmatter.text_value(mapping, key, source)
    except ImportFailed:
        raise ImportFailed(source, f"front matter field “{name}” must be text.") from None


def menu_weight(data: dict[str, Any], source: str) -> int | None:
    """The page's place in the main menu, ``None`` when it is not in it (0 when unordered)."""
    menu = data.get("menu") or data.get("menus")
    entry: Any = None
    if menu == MAIN_MENU:
        entry = {}
    elif isinstance(menu, list) and MAIN_MENU in menu:
        entry = {}
    elif isinstance(menu, dict) and MAIN_MENU in menu:
        entry = menu[MAIN_MENU] if isinstance(menu[MAIN_MENU], dict) else {}
    if entry is None:
        return None
    for where, mapping in (("menu main weight", entry), ("weight", data)):
        if mapping.get("weight") is not None:
            return _weight(mapping["weight"], where, source)
    return 0


def _weight(value: Any, where: str, source: str) -> int:
    try:
        weight = int(str(value).strip())
    except ValueError:
        weight = -1
    if weight < 0:
        raise ImportFailed(
            source, f"front matter field “{where}” is {value!r}; use a whole number, 0 or more."
        )
    return weight
