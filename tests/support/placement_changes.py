"""Changes that move entries on the sample site (``devtools.sample``, 18 entries): each
publishes, withdraws, renames, re-dates, re-tags or re-credits one, choosing it with ``rng``.
Shared by tests/test_export_placement.py (each alone) and its randomized sequences.
"""

import itertools
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.models import Entry, Redirect, Topic, TranslationMethod
from cms.publishing import Status
from tests.factories import make_entry

_numbers = itertools.count(1)


def public(language=None):
    entries = Entry.objects.published().order_by("pk")
    return list(entries if language is None else entries.filter(language=language))


def unlinked():
    """Public entries no other public entry links to (the sample's bodies link each entry to
    the one before it, at its old path if it was renamed) and none translates: withdrawing
    one breaks no link."""
    found = []
    for entry in public():
        others = Entry.objects.published().exclude(pk=entry.pk)
        if not others.filter(body__contains=entry.get_absolute_url()).exists():
            if not Entry.objects.filter(translation_of=entry).exists():
                if not Redirect.objects.filter(entry=entry).exists():
                    found.append(entry)
    return found


def add(rng, language="en", **fields):
    """A new entry, the newest unless ``publish_at`` says otherwise, with topics and a byline."""
    number = next(_numbers)
    topics = rng.sample(list(Topic.objects.order_by("pk")), 2)
    authors = [rng.choice(list(get_user_model().objects.order_by("pk")))]
    fields.setdefault("publish_at", timezone.now() - timedelta(minutes=number))
    fields.setdefault("slug", f"added-{number}")
    return make_entry(
        f"Added entry {number}",
        language=language,
        topics=topics,
        authors=authors,
        **fields,
    )


def add_english(rng):
    add(rng, "en")


def add_chinese(rng):
    add(rng, "zh-hans")


def add_back_dated(rng):
    """Published with a time before every other entry: it lands on the oldest page."""
    add(rng, rng.choice(["en", "zh-hans"]), publish_at=timezone.now() - timedelta(days=2000))


def add_translation(rng):
    original = rng.choice([e for e in public("en") if not Entry.objects.filter(translation_of=e)])
    add(
        rng,
        "zh-hans",
        translation_of=original,
        translation_method=TranslationMethod.HUMAN,
        translator="Li Wei",
    )


def unpublish(rng):
    Entry.objects.filter(pk=rng.choice(unlinked()).pk).update(status=Status.DRAFT)


def delete(rng):
    rng.choice(unlinked()).delete()


def reslug(rng):
    entry = rng.choice(public())
    entry.slug = f"{entry.slug}-renamed-{next(_numbers)}"
    entry.save()


def move_in_time(rng):
    entry = rng.choice(public())
    entry.publish_at -= timedelta(days=rng.choice([1, 40, 400]))
    entry.save()


def add_topic(rng):
    entry = rng.choice(public())
    shown = set(entry.topics.values_list("pk", flat=True))
    entry.topics.add(rng.choice([t for t in Topic.objects.order_by("pk") if t.pk not in shown]))


def remove_topic(rng):
    entry = rng.choice([e for e in public() if e.topics.exists()])
    entry.topics.remove(rng.choice(list(entry.topics.order_by("pk"))))


def change_byline(rng):
    entry = rng.choice(public())
    credited = set(entry.authors.values_list("pk", flat=True))
    others = [a for a in get_user_model().objects.order_by("pk") if a.pk not in credited]
    entry.authors.set([rng.choice(others)])


def detach_translation(rng):
    entry = rng.choice([e for e in public() if e.translation_of_id])
    Entry.objects.filter(pk=entry.pk).update(
        translation_of=None, translation_method=TranslationMethod.ORIGINAL, translator=""
    )


CHANGES = (
    add_english,
    add_chinese,
    add_back_dated,
    add_translation,
    unpublish,
    delete,
    reslug,
    move_in_time,
    add_topic,
    remove_topic,
    change_byline,
    detach_translation,
)
