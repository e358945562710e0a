"""Make a draft translation of an original entry with a machine translation engine.

The engine is asked first, for the title, the summary and the body (see
``cms.mt.segments`` for what is sent); only when every answer is in is the
draft saved, in one transaction, so a failure creates nothing. The draft
records its provenance (machine, the engine, when, from which version of
the original); an editor's later change makes it "edited by" them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cms.exceptions import MTError
from cms.importers.text import unique_slug
from cms.models import Entry, TranslationMethod
from cms.mt.engines import Engine, engine_from
from cms.mt.segments import Document, split_markdown, split_plain
from cms.publishing import Status

LIMITS = {"title": 300, "summary": 500}


@dataclass
class MachineTranslation:
    entry: Entry
    engine: Engine
    kept_as_written: list[str] = field(default_factory=list)  # units the engine's answer broke

    def summary(self) -> str:
        text = (
            f"Draft {self.entry.get_language_display()} translation {self.entry.pk} "
            f"“{self.entry.title}” by {self.engine.name}."
        )
        if self.kept_as_written:
            text += (
                f" {len(self.kept_as_written)} passage(s) kept untranslated because the engine's "
                "answer changed code, math or links in them: "
                + "; ".join(item[:60] for item in self.kept_as_written)
            )
        return text


def refusal(original: Entry, language: str) -> str | None:
    """Why ``original`` cannot be machine translated into ``language``, or ``None``."""
    if original.translation_of_id is not None:
        return (
            f"entry {original.pk} is itself a translation; translate its original "
            f"(entry {original.translation_of_id})."
        )
    if language not in dict(settings.LANGUAGES):
        codes = ", ".join(code for code, _name in settings.LANGUAGES)
        return f"{language!r} is not a language of this site ({codes})."
    if language == original.language:
        return f"entry {original.pk} is already in {language}."
    existing = original.translations.filter(language=language).first()
    if existing is not None:
        return f"entry {original.pk} already has a {language} version (entry {existing.pk})."
    return None


def machine_translate(
    original: Entry, language: str, *, engine: str | Engine | None = None, user=None
) -> MachineTranslation:
    """A new draft translation of ``original`` in ``language``; ``MTError`` and nothing saved
    on any failure."""
    engine = engine if isinstance(engine, Engine) else engine_from(engine)
    problem = refusal(original, language)
    if problem:
        raise MTError(engine.name, problem)
    documents: dict[str, Document] = {
        "title": split_plain(original.title),
        "summary": split_plain(original.summary),
        "body": split_markdown(original.body),
    }
    units = [unit for document in documents.values() for unit in document.units]
    answers = engine.translate([unit.sent for unit in units], original.language, language)
    rebuilt = [unit.rebuild(answer) for unit, answer in zip(units, answers, strict=True)]
    result_text: dict[str, str] = {}
    position = 0
    for name, document in documents.items():
        count = len(document.units)
        result_text[name] = document.assemble(rebuilt[position : position + count])
        position += count
    kept = [unit.source for unit, answer in zip(units, rebuilt, strict=True) if answer is None]
    for name, limit in LIMITS.items():
        result_text[name] = result_text[name].strip()[:limit]
    taken = Entry.objects.filter(language=language).values_list("slug", flat=True)
    slug = unique_slug(original.slug, lambda candidate: candidate in set(taken))
    entry = Entry(
        translation_of=original,
        language=language,
        slug=slug,
        status=Status.DRAFT,
        translation_method=TranslationMethod.MACHINE,
        translator=engine.name,
        mt_engine=engine.code,
        translated_at=timezone.now(),
        translated_from_version=original.version,
        created_by=user,
        updated_by=user,
        **result_text,
    )
    try:
        with transaction.atomic():
            entry.full_clean()
            entry._change_reason = f"Machine translation by {engine.name}"
            entry.save()
    except ValidationError as error:
        details = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
        raise MTError(engine.name, f"the translation could not be saved ({details}).") from None
    return MachineTranslation(entry, engine, kept)
