"""One paper, many languages: the paper's details and topics are entered on the original.

A translation made with only a title and a body (in the admin, through the
API) shows its original's paper box, arXiv link and topics on its page, in
the API, in the JSON-LD and in the export, and it is listed on its
language's topic page. On a translation's form the shared details are read
only, with a link to the original where they are edited.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from cms.importers.markdown_files import import_markdown
from cms.models import Entry, Paper, TranslationMethod
from cms.publishing import Status
from tests.factories import make_entry, make_member, make_topic
from tests.test_admin import ADD_URL, change_url, form_data

pytestmark = pytest.mark.django_db

ARXIV = "2212.01234"


@pytest.fixture
def original():
    topic = make_topic("quantization", "Quantization", **{"zh-hans": "量化"})
    return make_entry(
        "Attention round for quantization",
        slug="attention-round",
        topics=[topic],
        paper_authors="Ada Lovelace\nAlan Turing",
        arxiv_id=ARXIV,
        doi="10.1000/xyz123",
        code_url="https://example.org/code",
        classification="68T07",
    )


def editor() -> Client:
    client = Client()
    client.force_login(make_member("editor", "erin"))
    return client


def publish(entry: Entry) -> Entry:
    entry = Entry.objects.get(pk=entry.pk)
    entry.status = Status.PUBLISHED
    entry.save()
    return entry


def assert_page_shows_the_paper(entry: Entry) -> None:
    page = Client().get(entry.get_absolute_url()).content.decode()
    assert f'<a href="https://arxiv.org/abs/{ARXIV}">{ARXIV}</a>' in page
    assert "Ada Lovelace, Alan Turing" in page
    assert "https://example.org/code" in page
    assert ">量化</a>" in page  # the topic, in the translation's language
    data = json.loads(Client().get(f"/api/v1/zh-hans/entries/{entry.slug}.json").content)
    assert data["arxiv_id"] == ARXIV
    assert data["paper_authors"] == ["Ada Lovelace", "Alan Turing"]
    assert data["doi"] == "10.1000/xyz123"
    assert [topic["slug"] for topic in data["topics"]] == ["quantization"]
    topic_page = Client().get("/zh-hans/topics/quantization/").content.decode()
    assert entry.get_absolute_url() in topic_page


def test_translation_added_in_the_admin_with_title_and_body_shows_the_paper(original):
    client = editor()
    response = client.post(
        f"{ADD_URL}?translation_of={original.pk}&language=zh-hans",
        form_data(
            title="注意力舍入",
            slug="attention-round",
            language="zh-hans",
            body="正文。",
            translation_of=original.pk,
            translation_method=TranslationMethod.HUMAN,
            translator="Li Wei",
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    translation = publish(Entry.objects.get(language="zh-hans"))
    assert translation.paper_id == original.paper_id
    assert_page_shows_the_paper(translation)


def test_translation_created_through_the_api_with_title_and_body_shows_the_paper(original):
    token, _created = Token.objects.get_or_create(user=make_member("translator", "tess"))
    response = Client(headers={"Authorization": f"Token {token.key}"}).post(
        "/api/v1/entries/",
        json.dumps(
            {
                "title": "注意力舍入",
                "slug": "attention-round",
                "language": "zh-hans",
                "body": "正文。",
                "translation_of": original.pk,
                "translation_method": "human",
                "translator": "Tess",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = json.loads(response.content)
    assert created["arxiv_id"] == ARXIV
    assert created["topics"] == ["quantization"]
    assert_page_shows_the_paper(publish(Entry.objects.get(language="zh-hans")))


def test_translation_json_ld_names_its_original_and_translator(original):
    translation = make_entry(
        "注意力舍入",
        slug="attention-round",
        language="zh-hans",
        translation_of=original,
        translation_method=TranslationMethod.MACHINE,
        translator="DeepL",
    )
    page = Client().get(translation.get_absolute_url()).content.decode()
    start = page.index('<script type="application/ld+json">') + len(
        '<script type="application/ld+json">'
    )
    data = json.loads(page[start : page.index("</script>", start)])
    assert data["translationOfWork"]["@id"].endswith(original.get_absolute_url())
    assert data["translator"] == {"@type": "SoftwareApplication", "name": "DeepL"}
    assert f"arXiv:{ARXIV}" in json.dumps(data["about"])


def test_editing_the_originals_paper_changes_every_language_version(original):
    translation = make_entry(
        "注意力舍入",
        slug="attention-round",
        language="zh-hans",
        translation_of=original,
        translation_method=TranslationMethod.HUMAN,
        translator="Li Wei",
    )
    response = editor().post(
        change_url(original),
        form_data(
            original,
            arxiv_id="2301.00001",
            paper_authors="Grace Hopper",
            topics=[topic.pk for topic in original.topics.all()],
            loaded_version=original.version,
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Paper.objects.count() == 1
    translation = Entry.objects.get(pk=translation.pk)
    assert (translation.arxiv_id, translation.paper_authors) == ("2301.00001", "Grace Hopper")


def test_translation_form_shows_the_paper_read_only_with_a_link_to_the_original(original):
    translation = make_entry(
        "注意力舍入",
        slug="attention-round",
        language="zh-hans",
        status=Status.DRAFT,
        translation_of=original,
        translation_method=TranslationMethod.HUMAN,
        translator="Li Wei",
    )
    client = editor()
    response = client.get(change_url(translation))
    form = response.context["adminform"].form
    assert "arxiv_id" not in form.fields and "topics" not in form.fields
    page = response.content.decode()
    assert ARXIV in page and "Quantization" in page
    assert reverse("admin:cms_entry_change", args=[original.pk]) in page
    # A crafted POST with other paper values and topics changes neither.
    other = make_topic("other", "Other")
    client.post(
        change_url(translation),
        form_data(
            translation,
            arxiv_id="9999.99999",
            topics=[other.pk],
            translation_of=original.pk,
            translator="Li Wei",
            loaded_version=translation.version,
        ),
    )
    translation = Entry.objects.get(pk=translation.pk)
    assert translation.arxiv_id == ARXIV
    assert [topic.slug for topic in translation.topics.all()] == ["quantization"]


def test_a_translations_own_topics_are_put_back_to_its_originals(original):
    translation = make_entry(
        "注意力舍入",
        slug="attention-round",
        language="zh-hans",
        translation_of=original,
        translation_method=TranslationMethod.HUMAN,
        translator="Li Wei",
    )
    translation.topics.add(make_topic("stray", "Stray"))
    assert [topic.slug for topic in translation.topics.all()] == ["quantization"]
    original.topics.add(make_topic("vision", "Vision"))
    assert sorted(topic.slug for topic in translation.topics.all()) == ["quantization", "vision"]


def test_imported_translation_is_linked_to_the_original_with_the_same_arxiv_id(original, tmp_path):
    (tmp_path / "quantization.zh-hans.md").write_text(
        "---\ntitle: 注意力舍入\nlanguage: zh-hans\ntranslator: 谷歌翻译\n"
        f'translation: machine\npaper:\n  arxiv: "{ARXIV}"\n---\n本文提出一种新的量化方法。\n',
        encoding="utf-8",
    )
    import_markdown(tmp_path, status=Status.PUBLISHED)
    translation = Entry.objects.get(language="zh-hans")
    assert translation.translation_of_id == original.pk
    assert translation.paper_id == original.paper_id
    assert translation.arxiv_id == ARXIV  # the original's paper is not overwritten
    assert_page_shows_the_paper(translation)


@pytest.mark.usefixtures("hashed_static")
def test_exported_translation_carries_the_originals_paper_and_topics(original, tmp_path):
    from cms.export import export_site

    make_entry(
        "注意力舍入",
        slug="attention-round",
        language="zh-hans",
        body="正文。",
        translation_of=original,
        translation_method=TranslationMethod.HUMAN,
        translator="Li Wei",
    )
    assert export_site(tmp_path / "site").ok
    page = (tmp_path / "site/zh-hans/entries/attention-round/index.html").read_text()
    assert f'<a href="https://arxiv.org/abs/{ARXIV}">{ARXIV}</a>' in page
    assert "Ada Lovelace, Alan Turing" in page and ">量化</a>" in page
    data = json.loads((tmp_path / "site/api/v1/zh-hans/entries/attention-round.json").read_text())
    assert data["arxiv_id"] == ARXIV and data["paper_authors"] == ["Ada Lovelace", "Alan Turing"]
    topic_page = (tmp_path / "site/zh-hans/topics/quantization/index.html").read_text()
    assert "/zh-hans/entries/attention-round/" in topic_page


def test_search_in_the_translations_language_finds_it_by_the_papers_authors(original):
    translation = make_entry(
        "注意力舍入",
        slug="attention-round",
        language="zh-hans",
        body="正文。",
        translation_of=original,
        translation_method=TranslationMethod.HUMAN,
        translator="Li Wei",
    )
    original.paper_authors = "Grace Hopper"
    original.save()
    page = Client().get("/zh-hans/search/?q=Hopper").content.decode()
    assert translation.get_absolute_url() in page
