"""Generated content for the export's tests and benchmark, the same on every run.

``generate_content(n)`` creates ``n`` public entries (about a third of them
Chinese machine translations of English originals), topics (one used only
by Chinese entries), authors (one with a Chinese username), pages, an
uploaded figure that bodies reference, links between entries, one renamed
entry (so a redirect exists), and non-public entries and pages whose every
field carries a ``CANARY-`` string that must never reach an exported byte.

Only the tests and ``manage.py bench`` use it, so it is a development tool
rather than part of the installed ``cms`` package.
"""

import base64
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cms.markdown import render_markdown
from cms.models import Entry, Page, Topic, TranslationMethod
from cms.page_cache import content_changed
from cms.publishing import Status

FIGURE_PATH = "sample/figure.png"
FIGURE_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
EPOCH = datetime(2024, 1, 1, 8, 0, tzinfo=UTC)
TOPICS = 12
AUTHORS = ("mara", "jun", "ada", "李伟")
HIDDEN = {
    "draft": {"status": Status.DRAFT},
    "review": {"status": Status.REVIEW},
    "archived": {"status": Status.ARCHIVED},
    "scheduled": {"status": Status.PUBLISHED, "publish_at": None},
}


def language_of(number: int) -> str:
    return "zh-hans" if number % 3 == 0 else "en"


def entry_body(number: int) -> str:
    if number > 1:
        previous = f"/{language_of(number - 1)}/entries/gen-{number - 1:05d}/"
    else:
        previous = "/en/"
    return (
        f"## Method {number}\n\nGenerated entry number {number}, linking to "
        f"[the one before]({previous}) and to "
        f"[the paper](https://arxiv.org/abs/2401.{number:05d}).\n\n"
        f"![A figure](/media/{FIGURE_PATH})\n\nWrite to [the team](mailto:team@example.org).\n"
    )


@transaction.atomic
def generate_content(entries: int) -> dict[str, int]:
    """Create the sample content in the default database; returns counts by kind.

    Entries ``3k`` are Chinese: machine translations of entry ``3k - 1``
    when ``k`` is odd, Chinese originals otherwise.
    """
    figure = Path(settings.MEDIA_ROOT) / FIGURE_PATH
    figure.parent.mkdir(parents=True, exist_ok=True)
    figure.write_bytes(FIGURE_PNG)
    topics = [
        Topic.objects.create(slug=f"topic-{n}", name=f"Topic {n}", names={"zh-hans": f"主题{n}"})
        for n in range(TOPICS)
    ]
    chinese_only = Topic.objects.create(slug="zh-only", name="Chinese only", names={})
    User = get_user_model()
    authors = [
        User.objects.get_or_create(username=name, defaults={"first_name": name.title()})[0]
        for name in AUTHORS
    ]
    numbers = range(1, entries + 1)
    translations = [n for n in numbers if n % 6 == 3]
    originals = [n for n in numbers if n % 6 != 3]
    ids: dict[int, int] = {}
    for batch in _batches(originals):
        ids |= _create(batch, ids, topics, chinese_only, authors)
    for batch in _batches(translations):
        _create(batch, ids, topics, chinese_only, authors)
    hidden = _hidden_content(topics[0], authors[0])
    renamed = Entry.objects.get(language="en", slug="gen-00001")
    renamed.slug = "gen-00001-renamed"
    renamed.save()
    Entry.objects.update(created_at=EPOCH, updated_at=EPOCH)
    content_changed()
    for language, title, body in (("en", "About", "We read."), ("zh-hans", "关于", "我们读论文。")):
        Page.objects.get_or_create(
            language=language,
            slug="about",
            defaults={"title": title, "body": body, "is_published": True},
        )
    return {"entries": entries, "topics": TOPICS + 1, "authors": len(AUTHORS), "hidden": hidden}


def _batches(numbers: list[int], size: int = 500) -> list[list[int]]:
    return [numbers[start : start + size] for start in range(0, len(numbers), size)]


def _create(numbers, ids, topics, chinese_only, authors) -> dict[int, int]:
    rows = []
    for number in numbers:
        is_translation = number % 6 == 3
        rows.append(
            Entry(
                language=language_of(number),
                slug=f"gen-{number:05d}",
                title=f"Generated entry {number}",
                summary=f"Summary of generated entry {number}.",
                body=entry_body(number),
                body_html=render_markdown(entry_body(number)),
                status=Status.PUBLISHED,
                publish_at=EPOCH + timedelta(hours=number),
                translation_of_id=ids[number - 1] if is_translation else None,
                translation_method=(
                    TranslationMethod.MACHINE if is_translation else TranslationMethod.ORIGINAL
                ),
                translator="Google Translate" if is_translation else "",
            )
        )
    created = Entry.objects.bulk_create(rows)
    topic_links = []
    author_links = []
    for number, entry in zip(numbers, created, strict=True):
        chosen = {topics[number % TOPICS], topics[(number * 7) % TOPICS]}
        if number % 9 == 0:
            chosen.add(chinese_only)
        for topic in sorted(chosen, key=lambda topic: topic.slug):
            topic_links.append(Entry.topics.through(entry_id=entry.pk, topic_id=topic.pk))
        author = authors[number % len(authors)]
        author_links.append(Entry.authors.through(entry_id=entry.pk, user_id=author.pk))
    Entry.topics.through.objects.bulk_create(topic_links)
    Entry.authors.through.objects.bulk_create(author_links)
    return {number: entry.pk for number, entry in zip(numbers, created, strict=True)}


def _hidden_content(topic: Topic, author) -> int:
    """Non-public entries and a page, each full of canaries, linked to public topics and authors."""
    count = 0
    for kind, fields in HIDDEN.items():
        fields = dict(fields)
        if kind == "scheduled":
            fields["publish_at"] = timezone.now() + timedelta(days=3650)
        entry = Entry(
            language="en",
            slug=f"canary-{kind}",
            title=f"CANARY-{kind}-title",
            summary=f"CANARY-{kind}-summary",
            body=f"CANARY-{kind}-body",
            **fields,
        )
        entry.save()
        entry.topics.set([topic])
        entry.authors.set([author])
        count += 1
    draft = Entry.objects.get(slug="canary-draft")
    translation = Entry(
        language="zh-hans",
        slug="canary-draft",
        title="草稿的译文",
        body="A public translation of a draft.",
        status=Status.PUBLISHED,
        publish_at=EPOCH,
        translation_of=draft,
        translation_method=TranslationMethod.MACHINE,
        translator="Google Translate",
    )
    translation.save()
    Page.objects.create(
        language="en",
        slug="secret",
        title="CANARY-page",
        body="CANARY-page-body",
        is_published=False,
    )
    return count + 1
