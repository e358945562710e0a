"""Who wrote an imported page: team members for the byline, or the paper's own authors.

``author``/``authors`` in front matter name people. With ``mode="team"``
(the default) a name becomes a team member of the byline only through the
mapping the command is given (``--author-map "Jane Doe=jdoe"``, names
compared ignoring case): a file cannot put anyone in a byline by writing a
username. A name the mapping lacks is reported as not kept. With
``mode="paper"`` the names are the paper's authors, one per line in
``paper_authors``.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model

from cms.exceptions import ImportFailed

TEAM, PAPER = "team", "paper"


class Bylines:
    def __init__(self, mode: str = TEAM, mapping: dict[str, str] | None = None) -> None:
        if mode not in (TEAM, PAPER):
            raise ImportFailed("--authors", f"is {mode!r}; use {TEAM!r} or {PAPER!r}.")
        self.mode = mode
        self.users = {}
        users = get_user_model().objects
        for name, username in (mapping or {}).items():
            user = users.filter(**{users.model.USERNAME_FIELD: username}).first()
            if user is None:
                raise ImportFailed(
                    "--author-map", f"{name}={username}: there is no user {username!r}."
                )
            self.users[name.strip().casefold()] = user

    def split(self, names: list[str], not_kept: list[str]) -> tuple[list, str]:
        """``(team members, paper authors text)`` for ``names``; misses go to ``not_kept``."""
        if self.mode == PAPER:
            return [], "\n".join(names)
        users = []
        for name in names:
            user = self.users.get(name.casefold())
            if user is None:
                not_kept.append(
                    f"author: {name} (map it to a team member with --author-map "
                    f'"{name}=USERNAME", or keep it as the paper\'s with --authors paper)'
                )
            elif user not in users:
                users.append(user)
        return users, ""
