"""Import a plain-text digest: abstracts, each closed by a line ``translated by <engine>``.

This is the format of ``shared/reference/sample-digest.txt``. Each block of
text up to an attribution line becomes one entry: its language is detected
from the text (``cms.importers.detect``), it is recorded as a machine
translation by the engine named, with the name made readable
(``cms.importers.engines``). Its title is the block's title line when it has
one (``# Title``, or a short first line standing alone, followed by a blank
line), otherwise a short title made from the first clause of its text.
Chinese titles give pinyin slugs (``CMS_PINYIN_SLUGS``). Titles and slugs
taken from the text are set once, so editors can improve them; a block is
keyed by a hash of its text, so importing the same digest again changes
nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import BinaryIO

from cms.exceptions import ImportFailed
from cms.importers.base import Progress, decode_text, import_transaction, read_stream
from cms.importers.detect import detect_language
from cms.importers.engines import engine_name
from cms.importers.languages import is_site_language, language_label
from cms.importers.report import SKIP, ImportResult
from cms.importers.text import first_clause, plain_to_markdown, slug_from, stable_hash, truncate
from cms.importers.writer import EntryData, EntryWriter
from cms.models import TranslationMethod
from cms.publishing import Status

_ATTRIBUTION_RE = re.compile(r"^\s*translated\s+by\b[\s:：]*(?P<name>.*?)\s*$", re.IGNORECASE)
_TITLE_RE = re.compile(r"^#\s+(?P<title>\S.*?)\s*$")
SUMMARY_LENGTH = 300
#: Longest title made from the text, and the fewest characters worth a title, per script.
TITLE_LENGTH = {"latin": 80, "cjk": 40}
TITLE_AT_LEAST = {"latin": 20, "cjk": 8}
#: A first line standing alone is a title if it is at most this long and ends no sentence.
TITLE_LINE_LENGTH = 200
_SENTENCE_END = tuple(".。!?！？")


@dataclass(frozen=True)
class Block:
    number: int
    first_line: int
    last_line: int  # the attribution line
    title: str  # "" when the block gives none
    text: str
    translator_as_written: str

    @property
    def label(self) -> str:
        return f"block {self.number} (lines {self.first_line}–{self.last_line})"


def _title_line(lines: list[tuple[int, str]], pending: list[tuple[int, str]]) -> str:
    """The block's title: a ``# Title`` line, or a short first line followed by a blank one."""
    number, first = lines[0]
    marked = _TITLE_RE.match(first)
    if marked:
        return marked.group("title")
    following = [content for n, content in pending if n == number + 1]
    alone = bool(following) and not following[0].strip() and len(lines) > 1
    first = first.strip()
    if alone and len(first) <= TITLE_LINE_LENGTH and not first.endswith(_SENTENCE_END):
        return first
    return ""


def parse_digest(text: str, source: str) -> list[Block]:
    """The blocks of a digest, or ``ImportFailed`` naming the line that breaks the format."""
    blocks: list[Block] = []
    pending: list[tuple[int, str]] = []
    for number, line in enumerate(text.split("\n"), 1):
        match = _ATTRIBUTION_RE.match(line)
        if not match:
            pending.append((number, line))
            continue
        if not match.group("name"):
            raise ImportFailed(
                source, "“translated by” names no translator.", location=f"line {number}"
            )
        lines = [(n, content) for n, content in pending if content.strip()]
        first_line = lines[0][0] if lines else number
        if not lines:
            raise ImportFailed(
                source,
                "“translated by” has no abstract text before it.",
                location=f"line {number}",
            )
        title = _title_line(lines, pending)
        if title:
            lines = lines[1:]
        body_start = lines[0][0] if lines else number
        body = "\n".join(content for n, content in pending if n >= body_start).strip()
        if not body:
            raise ImportFailed(
                source, "the block has a title but no abstract.", location=f"line {number}"
            )
        blocks.append(
            Block(
                number=len(blocks) + 1,
                first_line=first_line,
                last_line=number,
                title=title,
                text=body,
                translator_as_written=match.group("name"),
            )
        )
        pending = []
    leftover = [n for n, content in pending if content.strip()]
    if leftover:
        raise ImportFailed(
            source,
            "this text is not closed by an attribution line such as “translated by 谷歌翻译”.",
            location=f"line {leftover[0]}"
            if len(leftover) == 1
            else f"lines {leftover[0]}–{leftover[-1]}",
        )
    if not blocks:
        raise ImportFailed(
            source, "no abstracts found; each must be followed by a line “translated by <name>”."
        )
    return blocks


def entry_data(block: Block, language: str, status: str) -> EntryData:
    digest = stable_hash(block.text, 24)
    script = "latin" if language == "en" else "cjk"
    title = block.title or first_clause(
        block.text, TITLE_LENGTH[script], at_least=TITLE_AT_LEAST[script]
    )
    owned = {
        "language": language,
        "body": plain_to_markdown(block.text),
        "translation_method": TranslationMethod.MACHINE,
        "translator": engine_name(block.translator_as_written),
        "import_meta": {"source": "digest", "translator_as_written": block.translator_as_written},
    }
    if block.title:
        owned["title"] = block.title
    return EntryData(
        ref=f"digest:{digest}",
        label=block.label,
        fields=owned,
        create_only={"title": title, "summary": truncate(block.text, SUMMARY_LENGTH)},
        slug=slug_from(title, language=language) or f"digest-{digest[:10]}",
        status=status,
    )


def import_digest(
    stream: BinaryIO,
    *,
    source: str = "digest",
    status: str = Status.DRAFT,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Import a digest from the binary ``stream``; see the module docstring."""
    result = ImportResult(source=source, dry_run=dry_run)
    blocks = parse_digest(decode_text(read_stream(stream, source), source), source)
    writer = EntryWriter(result, "a digest")
    with import_transaction(dry_run):
        for block in blocks:
            detection = detect_language(block.text)
            if detection.language is None:
                result.add(SKIP, block.label, detection.reason)
            elif not is_site_language(detection.language):
                result.add(
                    SKIP,
                    block.label,
                    f"written in {language_label(detection.language)}, which is not a site "
                    f"language: {detection.reason}",
                )
            else:
                writer.write(entry_data(block, detection.language, status))
            if progress:
                progress(block.number, len(blocks), block.label)
    return result
