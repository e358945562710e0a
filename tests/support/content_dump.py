"""A site with every kind of content, and the helpers that empty it and compare databases.

Shared by tests/test_content_dump_*.py; ``wipe`` is also used by
tests/test_input_sweep_load_content.py.
"""

import io
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from cms.importers.digest import import_digest
from cms.models import Entry, Page, Paper, Redirect, Topic, TranslationMethod
from cms.portability.fields import history_models, is_user_reference
from cms.publishing import Status
from tests.factories import make_entry, make_page, make_topic, make_user

FIGURE = "uploads/2024/figure one.png"


def build_site() -> None:
    """Content of every kind the dump must carry."""
    alice = make_user("alice", first_name="Alice", last_name="Zhang")
    bob = make_user("bob", first_name="Bob")
    ml = make_topic("machine-learning", "Machine Learning", **{"zh-hans": "机器学习"})
    bio = make_topic("biology", "Biology")
    original = make_entry(
        "Folding Proteins",
        slug="folding",
        topics=[ml, bio],
        authors=[alice],
        body=f"See the figure.\n\n![Figure](/media/{FIGURE.replace(' ', '%20')})",
        paper_authors="Mei Chen\nJonas Berg",
        arxiv_id="2402.01234",
        doi="10.1234/fold.1",
        source_url="https://example.org/paper.pdf",
        created_by=alice,
    )
    make_entry(
        "折叠蛋白质",
        slug="folding",
        language="zh-hans",
        translation_of=original,
        translation_method=TranslationMethod.HUMAN,
        translator="李伟",
        topics=[ml, bio],  # a translation carries its original's topics
    )
    make_entry("Scheduled", slug="later", publish_at=timezone.now() + timedelta(days=3))
    make_entry("A Draft", slug="draft", status=Status.DRAFT, authors=[bob])
    # an edit by a named user, and a rename that leaves a redirect behind
    original._history_user = bob
    original.slug = "folding-proteins"
    original.title = "Folding Proteins, Revised"
    original.save(expected_version=original.version)
    make_page("About", body="We write [digests](/en/).")
    make_page("关于", language="zh-hans", slug="about", nav_order=2)
    import_digest(
        io.BytesIO("本文提出一种新方法，效果很好。\ntranslated by 谷歌翻译\n".encode()),
        source="digest.txt",
    )


def wipe() -> None:
    """Empty every table the dump covers, as a newly migrated database is."""
    revision, revision_topics, revision_authors = history_models()
    Redirect.objects.all().delete()
    Entry.objects.exclude(translation_of=None).delete()
    Entry.objects.all().delete()
    for model in (revision_topics, revision_authors, revision, Topic, Page, Paper):
        model.objects.all().delete()
    get_user_model().objects.all().delete()


def database_rows() -> dict:
    """Every row of every content table, users by username, for comparing two databases."""
    revision, revision_topics, revision_authors = history_models()
    usernames = dict(get_user_model().objects.values_list("pk", "username"))
    rows = {}
    for model in (Topic, Paper, Entry, Page, Redirect, revision, revision_topics, revision_authors):
        user_fields = [f.attname for f in model._meta.concrete_fields if is_user_reference(f)]
        rows[model.__name__] = [
            {k: usernames.get(v) if k in user_fields else v for k, v in row.items()}
            for row in model.objects.order_by("pk").values()
        ]
    rows["entry topics"] = sorted(Entry.topics.through.objects.values_list("entry", "topic"))
    rows["bylines"] = sorted(
        (entry_id, usernames[user_id])
        for entry_id, user_id in Entry.authors.through.objects.values_list("entry", "user")
    )
    rows["users"] = sorted(
        get_user_model().objects.values_list("username", "first_name", "last_name")
    )
    return rows
