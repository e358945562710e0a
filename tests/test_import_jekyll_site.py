"""Importing a Jekyll site's folder as Jekyll lays it out: posts, drafts, Liquid, redirects."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from PIL import Image

from cms.importers.markdown_files import import_markdown
from cms.models import Entry, Redirect
from cms.publishing import Status

pytestmark = pytest.mark.django_db

HELLO = """---
layout: post
title: "Hello, reading group"
date: 2026-03-01 10:00:00 +0800
categories: ml vision
redirect_from:
  - /old/hello.html
---
First post. Next: [the second one]({% post_url 2026-03-02-world %}).

![Figure one]({{ site.baseurl }}/assets/img/fig.png)

{% highlight python %}
print("{{ not liquid here }}")
{% endhighlight %}

{% include note.html %}

{% raw %}{{ kept as written }}{% endraw %}
"""


def write(root: Path, rel: str, content: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "blog"
    write(root, "_config.yml", "title: A reading group\n")
    write(root, "_posts/2026-03-01-hello.md", HELLO)
    write(root, "_posts/2026-03-02-world.md", "---\ntitle: World\n---\nSecond post.\n")
    write(root, "_drafts/idea.md", "---\ntitle: An idea\n---\nNot ready.\n")
    write(root, "_includes/note.md", "---\ntitle: Include\n---\nNot content.\n")
    write(root, "index.md", "---\nlayout: home\n---\n")
    write(root, "about.md", "---\ntitle: About\npermalink: /about/\n---\nWho we are.\n")
    write(root, "team.md", "---\ntitle: Team\npermalink: /:categories/:title/\n---\nUs.\n")
    (root / "assets/img").mkdir(parents=True)
    Image.new("RGB", (2, 2), "red").save(root / "assets/img/fig.png", "PNG")
    return root


def item(result, label: str):
    return next(i for i in result.items if i.label == label)


def test_post_takes_its_slug_and_zoned_date_from_the_file_and_front_matter(site):
    import_markdown(site)
    hello = Entry.objects.get(slug="hello")
    assert hello.title == "Hello, reading group"
    assert hello.publish_at == datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    assert sorted(hello.topics.values_list("slug", flat=True)) == ["ml", "vision"]


def test_draft_folder_gives_a_draft(site):
    import_markdown(site, status=Status.PUBLISHED)
    assert Entry.objects.get(slug="idea").status == Status.DRAFT
    assert Entry.objects.get(slug="hello").status == Status.PUBLISHED


def test_templates_folder_and_layout_stub_are_skipped_with_reasons(site):
    result = import_markdown(site)
    assert item(result, "_includes/").detail == (
        "a Jekyll folder of templates, data or includes, not content"
    )
    assert item(result, "index.md").detail.startswith("a layout stub: the site's template “home”")
    assert not Entry.objects.filter(title="Include").exists()


def test_post_url_becomes_a_link_to_the_imported_post(site):
    import_markdown(site)
    assert "[the second one](/en/entries/world/)" in Entry.objects.get(slug="hello").body


def test_liquid_highlight_is_code_and_its_braces_stay_as_written(site):
    import_markdown(site)
    html = Entry.objects.get(slug="hello").body_html
    code = BeautifulSoup(html, "html.parser").select_one("code.language-python")
    assert code.get_text().startswith('print("{{ not liquid here }}")')


def test_raw_block_keeps_its_text_and_other_tags_are_reported(site):
    result = import_markdown(site)
    hello = Entry.objects.get(slug="hello")
    assert "{{ kept as written }}" in hello.body
    assert "<code>{% include note.html %}</code>" in hello.body_html
    assert item(result, "_posts/2026-03-01-hello.md").notes == ["Liquid tag “include” kept as text"]


def test_site_root_image_is_copied_into_media(site):
    import_markdown(site)
    copies = list((Path(settings.MEDIA_ROOT) / "imports").iterdir())
    assert len(copies) == 1
    assert f"![Figure one](/media/imports/{copies[0].name})" in Entry.objects.get(slug="hello").body


def test_redirect_from_and_permalink_become_redirects(site):
    result = import_markdown(site)
    paths = dict(Redirect.objects.values_list("old_path", "entry__slug"))
    assert paths == {"/old/hello.html": "hello", "/about/": "about"}
    assert item(result, "team.md").not_kept == [
        "alias /:categories/:title/: a permalink pattern (“:title”), not one address"
    ]


def test_layout_of_a_post_is_reported_as_not_kept(site):
    result = import_markdown(site)
    assert item(result, "_posts/2026-03-01-hello.md").not_kept == ["layout: post"]
