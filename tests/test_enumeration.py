"""Anonymous answers never tell "exists but not public" from "does not exist".

An author page or a topic without public entries in a language answers the
same bytes as a name that was never there, in the API as on the HTML site.
"""

import pytest
from django.test import Client

from cms.publishing import Status
from tests.factories import make_entry, make_member, make_topic, make_user, tomorrow

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden():
    """Accounts and topics that exist but have no public entries in English."""
    make_user("admin", superuser=True)
    carl = make_member("author", "carl")
    dora = make_member("author", "dora")
    draft_topic = make_topic("drafts-only")
    make_entry("Draft", slug="draft", status=Status.DRAFT, authors=[carl], topics=[draft_topic])
    make_entry("Soon", slug="soon", publish_at=tomorrow(), authors=[carl], topics=[draft_topic])
    make_entry("Chinese", slug="zh", language="zh-hans", authors=[dora])
    make_topic("empty")
    former = make_member("author", "eve")
    make_entry("Old", slug="old", authors=[former])
    former.is_active = False
    former.save()


def answers(paths: list[str]) -> set[tuple[int, bytes]]:
    client = Client()
    return {(response.status_code, response.content) for response in map(client.get, paths)}


@pytest.mark.parametrize(
    "template",
    [
        "/api/v1/en/authors/{}.json",
        "/api/v1/en/authors/{}/p/1.json",
        "/api/v1/en/authors/{}/page/2.json",
        "/en/authors/{}/",
        "/en/authors/{}/page/2/",
    ],
)
def test_author_that_exists_without_public_entries_answers_like_no_author(hidden, template):
    names = ["admin", "carl", "dora", "eve", "nobody-at-all"]
    [(status, _body)] = answers([template.format(name) for name in names])
    assert status == 404


@pytest.mark.parametrize(
    "template",
    [
        "/api/v1/en/topics/{}.json",
        "/api/v1/en/topics/{}/p/1.json",
        "/api/v1/en/topics/{}/page/2.json",
        "/en/topics/{}/",
        "/en/topics/{}/page/2/",
    ],
)
def test_topic_that_exists_without_public_entries_answers_like_no_topic(hidden, template):
    slugs = ["drafts-only", "empty", "no-such-topic"]
    [(status, _body)] = answers([template.format(slug) for slug in slugs])
    assert status == 404


def test_a_public_author_and_topic_still_answer(hidden):
    ann = make_member("author", "ann")
    topic = make_topic("physics")
    make_entry("Live", slug="live", authors=[ann], topics=[topic])
    client = Client()
    assert client.get("/api/v1/en/authors/ann.json").status_code == 200
    assert client.get("/api/v1/en/topics/physics.json").status_code == 200
