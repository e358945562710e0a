"""Nothing of an arXiv answer is lost: categories, classifications, journal refs, comments,
paragraphs and dates reach the entry, its page, the API and its JSON-LD."""

import io
import json
import re

import pytest
from django.test import Client

from cms.importers.arxiv import import_arxiv
from cms.models import ArxivCategory, Entry, Topic
from cms.publishing import Status
from tests.factories import make_topic

pytestmark = pytest.mark.django_db

ANSWER = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <entry>
    <id>http://arxiv.org/abs/2612.04321v2</id>
    <updated>2026-12-04T11:00:00Z</updated>
    <published>2026-11-28T09:15:00Z</published>
    <title>Reading Tables Aloud: Accessible
  Table Summaries</title>
    <summary>  Screen readers read tables cell by cell. We summarise a table in two
sentences first.
  A user study with twelve blind readers finds the summaries halve the time
to answer a question.
</summary>
    <author><name>Ada Quispe</name></author>
    <author><name>Ravi Menon</name></author>
    <arxiv:comment>14 pages, 3 figures; accepted at a workshop</arxiv:comment>
    <arxiv:journal_ref>J. Access. Comput. 9 (2026) 101-115</arxiv:journal_ref>
    <link href="http://arxiv.org/abs/2612.04321v2" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/2612.04321v2" type="application/pdf"/>
    <arxiv:primary_category term="cs.HC" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.HC" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <category term="68U35" scheme="http://arxiv.org/schemas/atom"/>
    <category term="H.5.4; H.3.5" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
</feed>
"""


def run(**options):
    return import_arxiv(io.BytesIO(ANSWER), source="answer.xml", **options)


def paper() -> Entry:
    return Entry.objects.get(paper__arxiv_id="2612.04321")


def test_codes_outside_arxivs_scheme_are_kept_as_classification():
    run()
    assert paper().classification_list == ["68U35", "H.5.4", "H.3.5"]


def test_category_matches_an_existing_topic_by_name_whatever_its_case():
    team_topic = make_topic("ml", "Machine learning")
    run()
    assert list(paper().topics.order_by("slug")) == [
        Topic.objects.get(slug="cs-hc"),
        team_topic,
    ]
    assert not Topic.objects.filter(name="Machine Learning").exists()
    assert ArxivCategory.objects.get(code="cs.LG").topic == team_topic


def test_the_teams_mapping_decides_the_topic():
    reading = make_topic("accessibility", "Accessibility")
    ArxivCategory.objects.create(code="cs.HC", name="Human-Computer Interaction", topic=reading)
    run()
    assert reading in paper().topics.all()
    assert not Topic.objects.filter(slug="cs-hc").exists()


def test_category_mapped_to_no_topic_stays_in_the_classification():
    ArxivCategory.objects.create(code="cs.LG", name="Machine Learning", topic=None)
    run()
    assert paper().classification_list == ["68U35", "H.5.4", "H.3.5", "cs.LG"]


def test_mapping_is_edited_in_the_admin(admin_client):
    run()
    reading = make_topic("accessibility", "Accessibility")
    row = ArxivCategory.objects.get(code="cs.HC")
    response = admin_client.post(
        f"/admin/cms/arxivcategory/{row.pk}/change/",
        {"code": "cs.HC", "name": row.name, "topic": reading.pk},
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.topic == reading


def test_abstract_paragraphs_stay_paragraphs():
    run()
    assert paper().body_html == (
        "<p>Screen readers read tables cell by cell. We summarise a table in two sentences "
        "first.</p>\n<p>A user study with twelve blind readers finds the summaries halve the "
        "time to answer a question.</p>"
    )


def test_new_entry_has_one_revision_with_its_topics():
    run()
    revisions = list(paper().history.all())
    assert len(revisions) == 1
    assert revisions[0].history_type == "+"
    assert revisions[0].topics.count() == 2


def test_papers_details_are_shown_on_its_page():
    run(status=Status.PUBLISHED)
    html = Client().get(paper().get_absolute_url()).content.decode()
    aside = re.search(r'<aside class="paper".*?</aside>', html, re.DOTALL).group(0)
    assert "J. Access. Comput. 9 (2026) 101-115" in aside
    assert "14 pages, 3 figures; accepted at a workshop" in aside
    assert '<time datetime="2026-11-28T09:15:00+00:00">' in aside
    assert '<time datetime="2026-12-04T11:00:00+00:00">' in aside
    assert "68U35, H.5.4, H.3.5" in aside


def test_papers_details_are_in_the_api():
    run(status=Status.PUBLISHED)
    data = Client().get(f"/api/v1/en/entries/{paper().slug}.json").json()
    assert data["journal_ref"] == "J. Access. Comput. 9 (2026) 101-115"
    assert data["paper_comment"] == "14 pages, 3 figures; accepted at a workshop"
    assert data["paper_published"] == "2026-11-28T09:15:00Z"
    assert data["paper_updated"] == "2026-12-04T11:00:00Z"
    assert data["classification"] == ["68U35", "H.5.4", "H.3.5"]


def test_papers_details_are_in_the_json_ld():
    run(status=Status.PUBLISHED)
    html = Client().get(paper().get_absolute_url()).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    about = json.loads(script.group(1))["about"]
    assert about["datePublished"] == "2026-11-28T09:15:00+00:00"
    assert about["dateModified"] == "2026-12-04T11:00:00+00:00"
    assert about["isPartOf"]["name"] == "J. Access. Comput. 9 (2026) 101-115"
    assert about["comment"]["text"] == "14 pages, 3 figures; accepted at a workshop"
    assert about["keywords"] == ["68U35", "H.5.4", "H.3.5"]
