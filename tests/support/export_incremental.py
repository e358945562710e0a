"""Shared by tests/test_export_incremental_*.py and test_export_planned*.py: the exported sample
site they edit, its entries, a title edit, a topic rename (an edit that touches many pages), a
standalone page's new body and the author ``jun``.
"""

import pytest
from django.contrib.auth import get_user_model

from cms.models import Entry, Page, Topic
from devtools.sample import generate_content
from tests.factories import export_with_standby


@pytest.fixture
def exported(tmp_path):
    generate_content(18)
    return export_with_standby(tmp_path / "site")


def sample_entry(slug="gen-00017", language="en"):
    return Entry.objects.get(language=language, slug=slug)


def retitle_entry(title):
    edited = sample_entry()
    edited.title = title
    edited.save()


def rename_topic():
    topic = Topic.objects.get(slug="topic-2")
    topic.name = "Renamed topic"
    topic.names = {"zh-hans": "改名的主题"}
    topic.save()


def edit_about_page():
    page = Page.objects.get(language="en", slug="about")
    page.body = "Said differently now."
    page.save()


def jun():
    return get_user_model().objects.filter(username="jun")
