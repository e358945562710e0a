"""The demo site that ``quickstart`` loads, as Markdown files read by the project's own importer.

``content/`` is laid out as a Hugo site's content folder, so loading it
shows (and the tests check) what ``cms.importers.markdown_files`` keeps:

- ``entries/<slug>.md``: English entries, ``<slug>.zh-hans.md`` Chinese
  ones; two files of one name are an original and its translation, and
  the one naming a ``translator`` is the translation. Front matter carries
  the date, summary, topics (``tags``, in the file's language), byline
  (``authors``), the paper (``paper:``) and the status (``draft: true``,
  ``status: review``; a date still to come is a scheduled entry).
- ``tags/<slug>/_index.md`` and ``_index.zh-hans.md``: each topic's name
  in each language.
- ``about.md``, ``contact.md`` and their Chinese versions: pages in the
  main menu.

The team members the bylines name are created here (``TEAM``), without a
usable password, and the importer is told which name is which account.
Everything is keyed (entries by file, pages by language and slug, users by
username), so loading again creates nothing and changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from cms.importers.markdown_files import import_markdown
from cms.importers.report import ImportResult
from cms.publishing import Status

CONTENT = Path(__file__).resolve().parent / "content"
#: (username, first name, last name) of the team members in the demo's bylines.
TEAM = [("mara", "Mara", "Lindqvist"), ("jun", "Jun", "Zhao")]


@dataclass
class DemoResult:
    team_created: int
    report: ImportResult

    @property
    def changed(self) -> bool:
        report = self.report
        return bool(self.team_created or report.created or report.updated)


def ensure_team() -> int:
    """The demo's team members, created once; how many were new."""
    created = 0
    for username, first_name, last_name in TEAM:
        user, was_created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@example.org",
            },
        )
        if was_created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
            created += 1
    return created


@transaction.atomic
def load_demo_content() -> DemoResult:
    """The team, then every file of ``content/`` through the Markdown importer, published."""
    team_created = ensure_team()
    report = import_markdown(
        CONTENT,
        status=Status.PUBLISHED,
        author_map={f"{first} {last}": username for username, first, last in TEAM},
    )
    return DemoResult(team_created, report)
