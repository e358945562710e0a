"""Edits an editor (or a script) makes, each choosing its target with ``rng``: the random
sequences ``tests/test_export_loaded.py`` and ``tests/test_export_oracle.py`` apply before an
incremental export.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import update_last_login

from cms.models import Entry, Page, Paper, Topic


def move_entry_to_another_month(rng):
    entry = rng.choice(list(Entry.objects.published()))
    entry.publish_at -= timedelta(days=40)
    entry.save()


def add_topic_without_saving_the_entry(rng):
    entry = rng.choice(list(Entry.objects.published().filter(language="en")))
    entry.topics.add(rng.choice(list(Topic.objects.all())))


def deactivate_an_author(rng):
    get_user_model().objects.filter(username=rng.choice(["ada", "jun", "mara"])).update(
        is_active=False
    )


def an_author(rng):
    return get_user_model().objects.get(username=rng.choice(["ada", "jun", "mara"]))


def log_in_an_author(rng):
    update_last_login(None, an_author(rng))


def change_an_authors_password(rng):
    author = an_author(rng)
    author.set_password(f"a new password {rng.randint(1, 999)}")
    author.save()


def rename_an_author(rng):
    author = an_author(rng)
    author.last_name = f"Renamed {rng.randint(1, 999)}"
    author.save()


def edit_a_pages_body(rng):
    page = rng.choice(list(Page.objects.public().order_by("pk")))
    page.body = f"Said differently, take {rng.randint(1, 999)}."
    page.save()


def edit_a_paper(rng):
    paper = rng.choice(list(Paper.objects.all()))
    paper.journal_ref = f"Journal of Tests {rng.randint(1, 99)}"
    paper.save()


def reorder_navigation(rng):
    Page.objects.filter(language="en").update(nav_order=rng.randint(5, 50))


def retitle_a_translation(rng):
    entry = rng.choice(list(Entry.objects.published().filter(translation_of__isnull=False)))
    entry.title = f"译文标题 {rng.randint(1, 999)}"
    entry.save()


def rename_a_topic(rng):
    topic = rng.choice(list(Topic.objects.all()))
    topic.names = {**topic.names, "zh-hans": f"新名字 {rng.randint(1, 999)}"}
    topic.name = f"Renamed topic {rng.randint(1, 999)}"
    topic.save()


def rename_an_entry(rng):
    entry = rng.choice(list(Entry.objects.published().filter(language="en")))
    entry.slug = f"{entry.slug}-moved-{rng.randint(1, 999)}"
    entry.save()


def unpublish_a_page(rng):
    Page.objects.filter(language="zh-hans").update(is_published=False)


EDITS = (
    move_entry_to_another_month,
    add_topic_without_saving_the_entry,
    deactivate_an_author,
    log_in_an_author,
    change_an_authors_password,
    rename_an_author,
    edit_a_pages_body,
    edit_a_paper,
    reorder_navigation,
    retitle_a_translation,
    rename_a_topic,
    rename_an_entry,
    unpublish_a_page,
)
