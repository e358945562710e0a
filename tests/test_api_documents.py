"""The API's plain document functions (``cms.api.documents``) say exactly what the serializers
that declare them to the schema say: the same bytes through DRF's JSON renderer, for entries
with math, a paper, topics, a byline, translations and machine-translation provenance; and
every key the OpenAPI schema documents, with a value of the documented type.
"""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from cms.api import documents
from cms.api.serializers import (
    AuthorSerializer,
    EntryDetailSerializer,
    EntrySummarySerializer,
    PreviewEntrySerializer,
    TopicSerializer,
)
from cms.models import Entry
from cms.publishing import Status
from tests.factories import make_entry, make_member, make_topic, make_user

pytestmark = pytest.mark.django_db

PAPER = {
    "paper_authors": "Ada Lovelace\n  Alan Turing \n\n",
    "source_url": "https://arxiv.org/abs/2401.00001v2",
    "arxiv_id": "2401.00001",
    "doi": "10.1000/xyz123",
    "code_url": "https://example.org/code",
    "journal_ref": "J. Examples 12 (2025) 1–9",
    "paper_comment": "12 pages, “draft”",
    "paper_published": datetime(2024, 1, 2, 3, 4, 5, 678901, tzinfo=UTC),
    "paper_updated": datetime(2024, 2, 3, 4, 5, 6, tzinfo=UTC),
    "classification": "68T05\nI.2.6",
}
MATH = "Energy: $E = mc^2$ and\n\n$$\\int_0^1 x^2\\,dx = \\frac{1}{3}$$\n\n<script>x</script>"


@pytest.fixture
def family():
    """An original with a paper and math, its post-edited machine translation, an original
    with a human translation, and a draft; topics with and without a Chinese name, and a
    byline of a named member, an unnamed one and a former one (no author page)."""
    ml = make_topic("machine-learning", "Machine learning", **{"zh-hans": "机器学习"})
    bio = make_topic("biology", "Biology")
    mara = make_member("author", "mara", first_name="Mara", last_name="Lind")
    plain = make_member("author", "plain")
    former = make_user("former", first_name="Old", last_name="Hand", is_active=False)
    original = make_entry(
        "Attention é “quoted”",
        slug="attention",
        summary="Why </script> & math\tmatter.",
        body=MATH,
        topics=[ml, bio],
        authors=[mara, plain, former],
        **PAPER,
    )
    machine = make_entry(
        "注意力",
        slug="attention",
        language="zh-hans",
        body="能量：$E = mc^2$",
        translation_of=original,
        translation_method="post_edited",
        translator="DeepL",
        mt_engine="deepl",
        post_editor="Li Wei",
        translated_at=timezone.now() - timedelta(hours=3),
        topics=[ml],
        authors=[mara],
    )
    cells = make_entry("细胞", slug="cells", language="zh-hans", topics=[bio], authors=[plain])
    human = make_entry(
        "Cells",
        slug="cells",
        translation_of=cells,
        translation_method="human",
        translator="Li Wei",
        topics=[bio],
    )
    draft = make_entry("Draft", status=Status.DRAFT, topics=[ml], authors=[mara], **PAPER)
    return {
        "entries": [original, machine, cells, human],
        "draft": draft,
        "topics": [ml, bio],
        "authors": [mara, plain, former],
    }


def loaded(entry: Entry) -> Entry:
    """The entry as the live views load it."""
    return (
        Entry.objects.select_related("translation_of", "paper")
        .prefetch_related("topics", "authors")
        .get(pk=entry.pk)
    )


def rendered(data) -> bytes:
    return JSONRenderer().render(data)


ZONES = ["UTC", "Asia/Shanghai", "America/St_Johns"]


@pytest.mark.parametrize("zone", ZONES)
def test_entry_document_is_the_detail_serializers_bytes(family, zone):
    with timezone.override(zone):
        for stored in family["entries"]:
            entry = loaded(stored)
            versions = entry.public_versions()
            declared = EntryDetailSerializer(entry, context={"versions": versions}).data
            assert rendered(documents.entry_document(entry, versions)) == rendered(declared)


@pytest.mark.parametrize("zone", ZONES)
def test_entry_summary_is_the_summary_serializers_bytes(family, zone):
    with timezone.override(zone):
        entries = [loaded(entry) for entry in family["entries"]]
        declared = EntrySummarySerializer(entries, many=True, context={"language": None}).data
        assert rendered([documents.entry_summary(e) for e in entries]) == rendered(declared)


def test_preview_document_is_the_preview_serializers_bytes(family):
    entry = loaded(family["draft"])
    declared = PreviewEntrySerializer(entry, context={"versions": []}).data
    assert rendered(documents.preview_document(entry, [])) == rendered(declared)


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_topic_and_author_documents_are_their_serializers_bytes(family, language):
    for topic in family["topics"]:
        declared = TopicSerializer(topic, context={"language": language}).data
        assert rendered(documents.topic_document(topic, language)) == rendered(declared)
    for user in family["authors"]:
        for known_public in (False, True):
            context = {"language": language, "public_authors": known_public}
            declared = AuthorSerializer(user, context=context).data
            document = documents.author_document(user, language, known_public=known_public)
            assert rendered(document) == rendered(declared)


def test_given_topics_and_authors_stand_in_for_the_entrys_relations(family):
    entry = loaded(family["entries"][0])
    topics, authors = list(entry.topics.all()), list(entry.authors.all())
    document = documents.entry_document(entry, [], topics[:1], authors[:1])
    assert [topic["slug"] for topic in document["topics"]] == [topics[0].slug]
    assert [author["username"] for author in document["authors"]] == [authors[0].username]


def test_a_given_summary_makes_the_same_entry_document(family):
    for stored in family["entries"]:
        entry = loaded(stored)
        versions = entry.public_versions()
        summary = documents.entry_summary(entry)
        given = documents.entry_document(entry, versions, summary=summary)
        assert rendered(given) == rendered(documents.entry_document(entry, versions))
        assert summary == documents.entry_summary(entry)


def test_summaries_built_with_shared_parts_are_the_fresh_summaries(family):
    """The export builds each topic, byline and provenance block once (``SharedParts``): a
    former member's block (no author page) and each kind of translation stay apart."""
    from cms.pages.api_lists import SharedParts

    shared = SharedParts()
    entries = [loaded(entry) for entry in family["entries"]]
    fresh = rendered([documents.entry_summary(entry) for entry in entries])
    for _ in range(2):
        assert rendered([documents.entry_summary(e, parts=shared) for e in entries]) == fresh


@pytest.mark.parametrize("zone", ZONES)
def test_moments_are_written_as_drf_writes_them(zone, settings):
    from rest_framework.fields import DateTimeField

    moments = [
        datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        datetime(2024, 7, 2, 3, 4, 5, 120, tzinfo=UTC),
        datetime(2024, 7, 2, 3, 4, 5),
        None,
    ]
    with timezone.override(zone):
        for use_tz in (True, False):
            settings.USE_TZ = use_tz
            for value in moments:
                expected = None if value is None else DateTimeField().to_representation(value)
                assert documents.moment(value) == expected


def schema_types(value) -> set[str]:
    """The JSON Schema types a value has (an int is also a number)."""
    if value is None:
        return {"null"}
    if isinstance(value, bool):
        return {"boolean"}
    if isinstance(value, int):
        return {"integer", "number"}
    if isinstance(value, str):
        return {"string"}
    return {"array"} if isinstance(value, list) else {"object"}


def assert_documented(openapi: dict, schema: dict, value, where: str) -> None:
    """``value`` is what ``schema`` documents: an object has exactly its properties, in order,
    each as documented; an enum's value is one of its members; anything else has its type."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return assert_documented(openapi, openapi["components"]["schemas"][name], value, name)
    branches = schema.get("oneOf") or schema.get("anyOf") or schema.get("allOf")
    if branches:
        fitting = [b for b in branches if (b.get("type") == "null") == (value is None)]
        assert fitting, (where, value)
        return assert_documented(openapi, fitting[0], value, where)
    declared = schema.get("type", "object")
    declared = set(declared) if isinstance(declared, list) else {declared}
    assert schema_types(value) & declared, (where, value, declared)
    if "enum" in schema:
        assert value in schema["enum"], (where, value)
    elif isinstance(value, dict):
        assert list(value) == list(schema["properties"]), where
        for key, item in value.items():
            assert_documented(openapi, schema["properties"][key], item, f"{where}.{key}")
    elif isinstance(value, list):
        for item in value:
            assert_documented(openapi, schema["items"], item, f"{where}[]")


def documented(openapi: dict, component: str, document: dict) -> None:
    assert_documented(openapi, {"$ref": f"#/components/schemas/{component}"}, document, "")


def test_documents_have_exactly_the_keys_and_types_the_schema_documents(family):
    openapi = json.loads(Client().get("/api/v1/schema.json").content)
    for stored in family["entries"]:
        entry = loaded(stored)
        versions = entry.public_versions()
        documented(openapi, "EntryDetail", documents.entry_document(entry, versions))
        documented(openapi, "EntrySummary", documents.entry_summary(entry))
    draft = loaded(family["draft"])
    documented(openapi, "PreviewEntry", documents.preview_document(draft, []))
