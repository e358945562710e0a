"""An imported translation finds its original by the paper they share.

Sources that hold one language only (a Chinese digest, a folder of
translated posts) cannot name the original entry, but they carry the
paper's arXiv id or DOI. A translation that names no original is linked to
the original entry, in another language, of the paper with the same arXiv
id (any version) or DOI, unless that original already has a version in
the translation's language. It then shares the original's paper and topics.
"""

import re
from typing import Any

from django.db.models import Q

from cms.models import Entry, TranslationMethod

_VERSION = re.compile(r"v\d+\Z")


def paper_match(arxiv_id: str, doi: str) -> Q | None:
    """Entries whose paper has this arXiv id (any version) or this DOI; None without either."""
    query = Q()
    bare = _VERSION.sub("", (arxiv_id or "").strip())
    if bare:
        query |= Q(paper__arxiv_id__iexact=bare) | Q(
            paper__arxiv_id__iregex=rf"^{re.escape(bare)}v\d+$"
        )
    if (doi or "").strip():
        query |= Q(paper__doi__iexact=doi.strip())
    return query or None


def with_original(fields: dict[str, Any], linked_to: int | None = None) -> dict[str, Any]:
    """``fields`` of an imported entry, with ``translation_of_id`` when its original is found.

    ``linked_to`` is the original an earlier import linked the entry to: it stays, so a
    re-import neither looks again nor moves to another original of the same paper.
    """
    method = fields.get("translation_method", TranslationMethod.ORIGINAL)
    if method == TranslationMethod.ORIGINAL or fields.get("translation_of_id"):
        return fields
    if linked_to is not None:
        return {**fields, "translation_of_id": linked_to}
    query = paper_match(fields.get("arxiv_id", ""), fields.get("doi", ""))
    language = fields.get("language")
    if query is None or not language:
        return fields
    original = (
        Entry.objects.filter(query, translation_of__isnull=True)
        .exclude(language=language)
        .exclude(translations__language=language)
        .order_by("pk")
        .first()
    )
    if original is None:
        return fields
    return {**fields, "translation_of_id": original.pk}
