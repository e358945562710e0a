"""Load the demo content into the database, idempotently.

Rows are matched by their natural keys (topic slug, username, language and
slug), so running the loader again creates nothing and changes nothing.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from cms.demo import content
from cms.models import Entry, Page, Topic


@dataclass
class DemoResult:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str, was_created: bool) -> None:
        self.created[kind] = self.created.get(kind, 0) + int(was_created)

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


@transaction.atomic
def load_demo_content() -> DemoResult:
    result = DemoResult()
    topics = {}
    for data in content.TOPICS:
        others = {code: name for code, name in data["names"].items() if code != "en"}
        topic, created = Topic.objects.get_or_create(
            slug=data["slug"], defaults={"name": data["names"]["en"], "names": others}
        )
        topics[topic.slug] = topic
        result.count("topics", created)

    users = {}
    User = get_user_model()
    for data in content.AUTHORS:
        user, created = User.objects.get_or_create(
            username=data["username"],
            defaults={
                "first_name": data["first_name"],
                "last_name": data["last_name"],
                "email": data["email"],
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users[user.username] = user
        result.count("authors", created)

    entries: dict[str, Entry] = {}
    originals_first = sorted(content.ENTRIES, key=lambda data: data["translation_of"] is not None)
    for data in originals_first:
        entry, created = Entry.objects.get_or_create(
            language=data["language"],
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "summary": data["summary"],
                "body": data["body"],
                "paper_authors": "\n".join(data["paper_authors"]),
                "source_url": data["source_url"],
                "arxiv_id": data["arxiv_id"],
                "doi": data["doi"],
                "code_url": data["code_url"],
                "status": data["status"],
                "publish_at": datetime.fromisoformat(data["publish_at"]),
                "translation_of": entries.get(data["translation_of"]),
                "translation_method": data["translation_method"],
                "translator": data["translator"],
            },
        )
        if created:
            entry.full_clean()
            entry.topics.set([topics[slug] for slug in data["topics"]])
            entry.authors.set([users[name] for name in data["authors"]])
        entries[data["key"]] = entry
        result.count("entries", created)

    for data in content.PAGES:
        _page, created = Page.objects.get_or_create(
            language=data["language"],
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "body": data["body"],
                "nav_order": data["nav_order"],
                "is_published": True,
            },
        )
        result.count("pages", created)
    return result
