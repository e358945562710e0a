"""An entry's review conversation through the API: read by whoever sees the entry in the
admin, posted to under the admin's rules (cms.conversation), in the documented shape, with
as many queries for six threads as for one."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from cms.models import Comment, Entry, Notification
from cms.publishing import Status
from tests.factories import make_entry, make_member, make_user
from tests.support import api_writes
from tests.support.api_writes import client_for, error_fields

pytestmark = pytest.mark.django_db

fresh_throttle_history = api_writes.fresh_throttle_history
TEMPLATE = "/api/v1/entries/{id}/comments/"


@pytest.fixture
def team():
    roles = {"alice": "author", "edith": "editor", "tom": "translator"}
    return {name: make_member(role, name) for name, role in roles.items()}


@pytest.fixture
def entry(team):
    entry = make_entry(
        "Sparse attention",
        status=Status.REVIEW,
        authors=[team["alice"]],
        body="It is fast.\n\nIt beats the baseline on GLUE.",
    )
    Entry.objects.filter(pk=entry.pk).update(created_by=team["alice"])
    return entry


def url(entry) -> str:
    return f"/api/v1/entries/{entry.pk}/comments/"


def post(client: Client, entry, **data):
    return client.post(url(entry), json.dumps(data), content_type="application/json")


def test_whoever_sees_the_entry_reads_its_threads_replies_and_resolutions(team, entry):
    thread = Comment.objects.create(
        entry=entry, author=team["edith"], body="Which baseline?", paragraph=2, quote="It beats"
    )
    Comment.objects.create(entry=entry, author=team["alice"], parent=thread, body="BERT-base.")
    Comment.objects.create(
        entry=entry, body="Typo.", resolved_at=timezone.now(), resolved_by=team["alice"]
    )
    for member in team.values():
        response = client_for(member).get(url(entry))
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        data = json.loads(response.content)
        assert (data["entry"], data["open_threads"]) == (entry.pk, 1)
        first, second = data["threads"]
        assert (first["author"]["username"], first["paragraph"], first["quote"]) == (
            "edith",
            2,
            "It beats",
        )
        assert [reply["body"] for reply in first["replies"]] == ["BERT-base."]
        assert first["replies"][0]["thread"] == first["id"]
        assert (second["author"], second["resolved_by"]["username"]) == (None, "alice")


def test_an_author_starts_a_thread_about_a_paragraph(team, entry):
    response = post(client_for(team["alice"]), entry, body="Done?", paragraph=2)
    assert response.status_code == 201, response.content
    created = json.loads(response.content)
    comment = Comment.objects.get(pk=created["id"])
    assert (comment.author, comment.paragraph) == (team["alice"], 2)
    assert comment.quote == "It beats the baseline on GLUE."
    assert created["author"] == {"username": "alice", "name": "alice"}
    assert created["thread"] is None


@pytest.mark.django_db(transaction=True)
def test_an_editors_comment_reaches_the_entrys_writer_as_the_admins_does(team, entry, settings):
    """Committed for real: the task worker closes its connection when it stops, which on
    PostgreSQL ends a test's enclosing transaction."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = post(client_for(team["edith"]), entry, body="Which baseline?")
    assert response.status_code == 201
    call_command("deliver_webhooks", batch=True, interval=0, verbosity=0)
    assert Notification.objects.filter(recipient=team["alice"]).count() == 1
    assert not Notification.objects.filter(recipient=team["edith"]).exists()


def test_a_reply_to_a_reply_joins_the_thread(team, entry):
    thread = Comment.objects.create(entry=entry, author=team["edith"], body="Which baseline?")
    reply = Comment.objects.create(entry=entry, parent=thread, body="BERT-base.")
    response = post(client_for(team["tom"]), entry, body="Say so.", parent=reply.pk)
    assert response.status_code == 201
    assert json.loads(response.content)["thread"] == thread.pk
    assert thread.replies.count() == 2


def test_an_entry_the_member_cannot_see_is_not_found(entry):
    bob = client_for(make_member("author", "bob"))
    assert bob.get(url(entry)).status_code == 404
    assert post(bob, entry, body="Hello").status_code == 404
    assert not Comment.objects.exists()


def test_without_a_token_or_an_editorial_role_nothing_is_read_or_posted(entry):
    assert Client().get(url(entry)).status_code == 401
    assert error_fields(post(Client(), entry, body="Hi"), 401) == {}
    no_role = client_for(make_user("rita", staff=True))
    assert no_role.get(url(entry)).status_code == 403
    assert post(no_role, entry, body="Hi").status_code == 403
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"body": "   "}, "body"),
        ({"body": "x" * 5001}, "body"),
        ({"body": "Hi", "parent": 999}, "parent"),
    ],
)
def test_a_refused_comment_says_which_field_and_posts_nothing(team, entry, data, field):
    errors = error_fields(post(client_for(team["edith"]), entry, **data), 400)
    assert list(errors) == [field]
    assert not Comment.objects.exists()


def test_reading_six_threads_asks_as_many_queries_as_one(team, entry):
    client = client_for(team["alice"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(entry)).status_code == 200
        return len(captured.captured_queries)

    first = Comment.objects.create(entry=entry, author=team["edith"], body="One.")
    Comment.objects.create(entry=entry, author=team["alice"], parent=first, body="Reply.")
    one = queries()
    for number in range(5):
        thread = Comment.objects.create(
            entry=entry, author=team["tom"], body=f"More {number}.", resolved_by=team["edith"]
        )
        Comment.objects.create(entry=entry, author=team["edith"], parent=thread, body="Yes.")
    assert queries() == one <= 8


@pytest.fixture
def openapi() -> dict:
    return json.loads(Client().get("/api/v1/schema.json").content)


def validate(openapi: dict, method: str, status: int, data) -> list[str]:
    operation = openapi["paths"][TEMPLATE][method]
    schema = operation["responses"][str(status)]["content"]["application/json"]["schema"]
    registry = Registry().with_resource(
        "urn:openapi", Resource(contents=openapi, specification=DRAFT202012)
    )
    ref = schema["$ref"].replace("#/", "urn:openapi#/", 1)
    validator = Draft202012Validator(
        {"$ref": ref}, registry=registry, format_checker=FormatChecker()
    )
    return [error.message for error in validator.iter_errors(data)]


def test_reads_posts_and_refusals_answer_in_their_documented_shapes(openapi, team, entry):
    client = client_for(team["edith"])
    created = post(client, entry, body="Which baseline?", paragraph=2)
    assert validate(openapi, "post", 201, json.loads(created.content)) == []
    post(client, entry, body="BERT.", parent=json.loads(created.content)["id"])
    read = json.loads(client.get(url(entry)).content)
    assert validate(openapi, "get", 200, read) == []
    refused = json.loads(post(client, entry, body="").content)
    assert validate(openapi, "post", 400, refused) == []
    assert openapi["paths"][TEMPLATE]["post"]["requestBody"]
