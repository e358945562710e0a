"""Who or what translated an entry, stored as data and told to readers in their language.

A translation's provenance is its method (machine, machine then edited by a
person, human), the engine or translator (``translator``; ``mt_engine`` is
the engine's code for filtering), the person who edited a machine
translation (``post_editor``) and when it was translated
(``translated_at``). Readers see one line: "Machine translation by DeepL",
"Machine translation by DeepL, edited by Li Wei", "Translated by Li Wei",
in the page's language. An engine's name as an importer found it written
(``import_meta["translator_as_written"]``, such as 谷歌翻译) is shown as
written on pages in the entry's own language.

An editor's change to the text of a machine translation makes it
"edited by" them (``note_edit``), whichever way the change is saved.
"""

from __future__ import annotations

from django.utils.translation import gettext

from cms.importers.engines import localised_engine_name
from cms.models import Entry, TranslationMethod

TEXT_FIELDS = ("title", "summary", "body")


def person_name(user) -> str:
    return (user.get_full_name() or user.get_username()).strip()


def engine_name(entry: Entry, language: str) -> str:
    """The engine's name for readers of ``language``."""
    written = (entry.import_meta or {}).get("translator_as_written", "")
    if written and language == entry.language:
        return written
    return localised_engine_name(entry.translator, language)


def provenance_line(entry: Entry, language: str) -> str:
    """The line that says who or what translated ``entry`` (active language: ``language``);
    ``provenance_key`` names every field of the entry it reads."""
    method = entry.translation_method
    if method == TranslationMethod.MACHINE:
        return gettext("Machine translation by %(translator)s") % {
            "translator": engine_name(entry, language)
        }
    if method == TranslationMethod.POST_EDITED:
        return gettext("Machine translation by %(translator)s, edited by %(editor)s") % {
            "translator": engine_name(entry, language),
            "editor": entry.post_editor,
        }
    if method == TranslationMethod.HUMAN:
        return gettext("Translated by %(translator)s") % {"translator": entry.translator}
    return ""


def provenance_key(entry: Entry) -> tuple:
    """Everything of ``entry`` that ``provenance_line(entry, entry.language)`` reads: entries
    with equal keys have the same line (the export builds each line once)."""
    written = (entry.import_meta or {}).get("translator_as_written", "")
    return (
        entry.language,
        entry.translation_method,
        entry.translator,
        entry.post_editor,
        written,
    )


def note_edit(entry: Entry, user, stored: dict | None) -> None:
    """Before saving ``entry``: a person who changed a machine translation's text edited it.

    ``stored`` holds the text fields as they were loaded (``None`` for a new entry).
    """
    if stored is None or user is None:
        return
    if entry.translation_method not in (TranslationMethod.MACHINE, TranslationMethod.POST_EDITED):
        return
    if all(_same(getattr(entry, name), stored.get(name)) for name in TEXT_FIELDS):
        return
    entry.translation_method = TranslationMethod.POST_EDITED
    entry.post_editor = person_name(user)


def _same(now: str | None, before: str | None) -> bool:
    """Equal texts, whatever line endings a browser sent (a textarea posts CRLF)."""
    return (now or "").replace("\r\n", "\n").strip() == (before or "").replace("\r\n", "\n").strip()


def stored_text(entry: Entry) -> dict | None:
    """The text fields of ``entry`` as stored, for ``note_edit``."""
    if entry.pk is None:
        return None
    return Entry.objects.filter(pk=entry.pk).values(*TEXT_FIELDS).first()
