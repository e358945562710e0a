"""Front matter of Hugo and Jekyll Markdown files: split, parsed safely, checked field by field.

YAML front matter (between ``---`` lines) is read with a loader built on
``yaml.SafeLoader`` that goes further than safe loading:

- no Python object tags (SafeLoader refuses them; the error says so plainly);
- at most ``MAX_ALIASES`` aliases, so an alias "billion laughs" is refused;
- YAML 1.2 scalars: only ``true``/``false`` are booleans, so ``title: No``
  stays the word "No"; numbers and dates stay text, and dates are parsed by
  ``parse_date`` below, so a bad date is reported with the field's name.

TOML front matter (between ``+++`` lines, Hugo's default) goes through the
standard library's ``tomllib``, which has no code execution to begin with.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime, time
from typing import Any

import yaml
from django.utils import timezone

from cms.exceptions import ImportFailed

MAX_FRONT_MATTER_CHARS = 64 * 1024
MAX_ALIASES = 20
MAX_DEPTH = 50

_YAML_BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_KEPT_RESOLVERS = {"tag:yaml.org,2002:null"}


class FrontMatterLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 booleans, everything else plain text, and an alias limit."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.aliases = 0
        self.depth = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                self._refuse(
                    f"more than {MAX_ALIASES} aliases (*name); front matter this repetitive "
                    "is refused, because aliases can expand exponentially"
                )
        # PyYAML's scanner is quadratic in the nesting depth and its composer recursive:
        # "[" x 2,000 takes seconds. Stop long before that.
        if self.depth >= MAX_DEPTH:
            self._refuse(f"lists or mappings nested more than {MAX_DEPTH} deep")
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def _refuse(self, problem: str) -> None:
        raise yaml.composer.ComposerError(
            problem=problem, problem_mark=self.peek_event().start_mark
        )


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag in _KEPT_RESOLVERS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
FrontMatterLoader.add_implicit_resolver("tag:yaml.org,2002:bool", _YAML_BOOL_RE, list("tTfF"))


_FENCES = {
    "yaml": ("---", re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)),
    "toml": ("+++", re.compile(r"^\+\+\+[ \t]*$", re.MULTILINE)),
}


def split(text: str, source: str) -> tuple[str, str, str] | None:
    """``(kind, front matter, body)``, kind ``yaml`` or ``toml``; ``None`` if there is none."""
    for kind, (fence, closing) in _FENCES.items():
        if not text.startswith(fence + "\n"):
            continue
        match = closing.search(text, len(fence) + 1)
        if match is None:
            raise ImportFailed(
                source,
                f"the front matter opened by “{fence}” on line 1 is never closed; end it "
                f"with a line holding “{fence}”.",
            )
        return kind, text[len(fence) + 1 : match.start()], text[match.end() :].lstrip("\n")
    return None


def parse(kind: str, front: str, source: str) -> dict[str, Any]:
    """The front matter as a dict, or ``ImportFailed`` naming the file and the problem."""
    if len(front) > MAX_FRONT_MATTER_CHARS:
        raise ImportFailed(
            source,
            f"the front matter is {len(front):,} characters long; the limit is "
            f"{MAX_FRONT_MATTER_CHARS:,}.",
        )
    try:
        data = _load(kind, front)
    except yaml.constructor.ConstructorError as error:
        tag = error.problem.split("tag '")[-1].rstrip("'") if error.problem else "?"
        raise ImportFailed(
            source,
            f"the front matter uses the YAML tag {tag}, which could run code or build "
            "objects; only plain text, lists and mappings are allowed.",
            location=_yaml_line(error),
        ) from None
    except yaml.YAMLError as error:
        problem = getattr(error, "problem", None) or str(error)
        raise ImportFailed(
            source, f"the front matter is not valid YAML ({problem}).", location=_yaml_line(error)
        ) from None
    except tomllib.TOMLDecodeError as error:
        raise ImportFailed(source, f"the front matter is not valid TOML ({error}).") from None
    except RecursionError:
        raise ImportFailed(source, "the front matter is nested too deeply.") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ImportFailed(source, "the front matter must be a mapping of names to values.")
    return data


def _load(kind: str, front: str) -> Any:
    if kind == "toml":
        return tomllib.loads(front)
    loader = FrontMatterLoader(front)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _yaml_line(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    # +1 for the opening "---" line, +1 because marks count from zero.
    return f"line {mark.line + 2}" if mark is not None else ""


# ---------------------------------------------------------------------------------------
# Field values.
# ---------------------------------------------------------------------------------------

_DATE_RE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<time>\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)"
    r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2})?)?$"
)


def parse_date(value: Any, name: str, source: str) -> datetime | None:
    """A timezone-aware datetime from a front-matter date, or an error naming the field.

    Accepts ``2024-01-05``, ``2024-01-05T09:30:00+08:00`` and Jekyll's
    ``2024-01-05 09:30:00 +0800``. Dates without a time are midnight, and
    times without a zone are in the site's time zone (``TIME_ZONE``).
    """
    if value is None or value == "":
        return None
    moment: datetime | None = None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    elif isinstance(value, str):
        match = _DATE_RE.match(value.strip())
        if match:
            zone = match.group("zone") or ""
            if zone and zone != "Z" and ":" not in zone:
                zone = f"{zone[:3]}:{zone[3:]}"
            text = match.group("date") + (f"T{match.group('time')}" if match.group("time") else "")
            try:
                moment = datetime.fromisoformat(text + zone.replace("Z", "+00:00"))
            except ValueError:
                moment = None
    if moment is None:
        raise ImportFailed(
            source,
            f"front matter field “{name}” is not a date: {value!r}. Write it as 2024-01-05 "
            "or 2024-01-05T09:30:00+08:00.",
        )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def text_value(data: dict[str, Any], name: str, source: str) -> str:
    """A text field: missing or empty gives ``""``; a list or mapping is an error."""
    value = data.get(name)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ImportFailed(
            source, f"front matter field “{name}” must be text, not {type(value).__name__}."
        )
    return str(value).strip()


def list_value(data: dict[str, Any], name: str, source: str, *, jekyll: bool = False) -> list[str]:
    """A list of names: ``tags: [a, b]``, or one string.

    A string is one name, or several separated by commas; in a Jekyll post
    it is split at spaces too, as Jekyll does (``categories: ml vision``).
    """
    value = data.get(name)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        value = value.split() if jekyll else value.split(",")
    items = value if isinstance(value, list) else [value]
    result = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            raise ImportFailed(
                source, f"front matter field “{name}” must be a list of names, not {item!r}."
            )
        if str(item).strip():
            result.append(str(item).strip())
    return result


def bool_value(data: dict[str, Any], name: str, source: str) -> bool | None:
    value = data.get(name)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"yes", "no", "on", "off"}:
        return value.strip().lower() in {"yes", "on"}
    raise ImportFailed(source, f"front matter field “{name}” must be true or false, not {value!r}.")
