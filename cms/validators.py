"""Field validators with messages that say what a valid value looks like."""

import re
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.utils.translation import gettext as _now
from django.utils.translation import gettext_lazy as _

validate_url_slug = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z",
    _(
        "Use only lowercase letters a–z, digits and single hyphens, "
        "for example “protein-folding-2024”. The slug is part of the URL."
    ),
    code="invalid_slug",
)

validate_arxiv_id = RegexValidator(
    r"^(?:\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})\Z",
    _("Enter an arXiv identifier without its version, such as “2401.01234” or “hep-th/9901001”."),
    code="invalid_arxiv_id",
)

validate_doi = RegexValidator(
    r"^10\.\d{4,9}/\S+\Z",
    _("Enter a DOI such as “10.1038/nature14539”, without “https://doi.org/”."),
    code="invalid_doi",
)

validate_web_url = URLValidator(
    schemes=["http", "https"], message=_("Enter a web address starting with http:// or https://.")
)


def validate_markdown_body(value: str) -> None:
    """Refuse Markdown the renderer cannot turn into HTML, by rendering it.

    Models do the same in ``cms.models.checks`` and keep the HTML for
    ``save``; this stays for migrations 0001 and 0003, which name it.
    """
    from cms.exceptions import MarkdownError
    from cms.markdown import render_markdown

    try:
        render_markdown(value)
    except MarkdownError as error:
        raise ValidationError(str(error), code="unsafe_markdown") from error


#: What no text may hold: the C0 controls but tab, line feed and carriage return (browsers
#: send a textarea's line breaks as CR LF), DEL and the C1 controls, unpaired surrogates,
#: and U+FFFE and U+FFFF. They are invisible, XML 1.0 cannot carry them (a feed holding one
#: fails), and PostgreSQL refuses NUL and surrogates.
CONTROL_CHARACTER_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CONTEXT_LENGTH = 20


def _strings(value: Any) -> Iterator[str]:
    """The strings in ``value``: itself, or the keys and values of a JSON structure."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _first_control_character(value: Any) -> tuple[str, int] | None:
    """Where the first control character in ``value`` is, in words, and how many there are."""
    texts = [text for text in _strings(value) if CONTROL_CHARACTER_RE.search(text)]
    if not texts:
        return None
    text = texts[0]
    found = CONTROL_CHARACTER_RE.search(text)
    index = found.start()
    line_start = text.rfind("\n", 0, index) + 1
    if line_start:
        where = _now("line %(line)d, character %(column)d") % {
            "line": text.count("\n", 0, index) + 1,
            "column": index - line_start + 1,
        }
    else:
        where = _now("character %(column)d") % {"column": index + 1}
    before = CONTROL_CHARACTER_RE.sub("", text[line_start:index])
    if len(before) > _CONTEXT_LENGTH:
        before = "…" + before[-_CONTEXT_LENGTH:]
    context = _now(" (after “%(text)s”)") % {"text": before} if before.strip() else ""
    description = _now("an invisible control character, U+%(code)04X, at %(where)s%(context)s") % {
        "code": ord(found.group()),
        "where": where,
        "context": context,
    }
    return description, sum(len(CONTROL_CHARACTER_RE.findall(text)) for text in texts)


def describe_control_characters(value: Any) -> str | None:
    """The control characters in ``value``, in words; None if there are none.

    "an invisible control character, U+0001, at line 2, character 7 (after “Second”),
    and 2 more like it": enough to find a character nobody can see.
    """
    found = _first_control_character(value)
    if found is None:
        return None
    description, count = found
    if count > 1:
        description += _now(", and %(count)d more like it") % {"count": count - 1}
    return description


def control_character_problem(value: Any, label: str | None = None) -> str | None:
    """The message refusing ``value`` for the field called ``label``; None if it is clean."""
    found = _first_control_character(value)
    if found is None:
        return None
    description, count = found
    if label is None:
        problem = _now("This text has %(description)s.") % {"description": description}
    else:
        problem = _now("The %(field)s field has %(description)s.") % {
            "field": label,
            "description": description,
        }
    if count == 1:
        return problem + " " + _now("Delete it: retype the text around it.")
    return (
        problem
        + " "
        + _now("There are %(count)d such characters; retype the text around each of them.")
        % {"count": count}
    )


def validate_no_control_characters(value: Any) -> None:
    """Refuse text (or JSON holding text) with an invisible control character in it."""
    problem = control_character_problem(value)
    if problem:
        raise ValidationError(problem, code="control_character")


def strip_control_characters(value: Any) -> Any:
    """``value`` without control characters, inside JSON structures too."""
    if isinstance(value, str):
        return CONTROL_CHARACTER_RE.sub("", value)
    if isinstance(value, dict):
        return {strip_control_characters(k): strip_control_characters(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(strip_control_characters(item) for item in value)
    return value
