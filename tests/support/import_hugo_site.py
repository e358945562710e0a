"""A small Hugo content/ folder with the shapes real sites have, and helpers that write files and
read what an import did; shared by tests/test_import_hugo_site_*.py.
"""

from pathlib import Path

import pytest
from PIL import Image

from cms.models import Entry

FIRST_POST = """+++
title = "Reading Group: Sparse Attention"
date = 2026-11-20T09:30:00+08:00
tags = ["Attention", "efficiency"]
series = ["Reading group"]
weight = 3
author = "Jane Doe"
+++
We read three papers on sparse attention this week.

<!--more-->

![A cat on a keyboard](cat.png)

{{< figure src="diagram.png" title="Block-sparse pattern" caption="Blocks see neighbours." >}}

{{< highlight html >}}
<div class="attention"><script>alert(1)</script></div>
{{< /highlight >}}

See also [the second note]({{< ref "second.md" >}}) and [about us]({{< relref "/about" >}}).

{{< youtube w3Kz9 >}}
"""

SECOND = """---
title: Second note
date: 2026-11-21T10:00:00-05:00
draft: true
aliases:
  - /2026/11/second-note/
  - old-second/
  - https://elsewhere.example.com/second/
---
A short follow-up.
"""


def write(root: Path, rel: str, content: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def png(root: Path, rel: str, colour: str = "red") -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (4, 3), colour).save(path, "PNG")


@pytest.fixture
def site(tmp_path) -> Path:
    """A small Hugo content/ folder with the shapes real sites have."""
    root = tmp_path / "content"
    write(root, "_index.md", "---\ntitle: Home\n---\nWelcome to the reading group.\n")
    write(root, "about.md", "---\ntitle: About\naliases: [/about-us/]\n---\nWho we are.\n")
    write(root, "team/about.md", "---\ntitle: About the team\n---\nThe people.\n")
    write(root, "docs/about.md", "---\ntitle: About these docs\n---\nHow to read them.\n")
    write(root, "posts/_index.md", "---\ntitle: Posts\n---\nNotes from the reading group.\n")
    write(root, "posts/first-post/index.md", FIRST_POST)
    write(root, "posts/first-post/notes.md", "---\ntitle: Resource\n---\nNot a page.\n")
    png(root, "posts/first-post/cat.png")
    png(root, "posts/first-post/diagram.png", "blue")
    png(root, "posts/first-post/unused.png", "green")
    write(root, "posts/second.md", SECOND)
    write(
        root,
        "posts/second.zh-hans.md",
        "---\ntitle: 第二篇笔记\ntranslator: 李伟\n---\n简短的后续。\n",
    )
    write(root, "headless/index.md", "---\ntitle: Shared images\nheadless: true\n---\n")
    png(root, "headless/logo.png")
    write(root, "search.md", "---\ntitle: Search\nlayout: search\n---\n")
    write(root, "archived.md", "---\ntitle: Old\n_build:\n  render: never\n---\nGone.\n")
    write(root, "tags/attention/_index.md", "---\ntitle: Attention\n---\nPapers on attention.\n")
    return root


def entry(language: str, slug: str) -> Entry:
    return Entry.objects.get(language=language, slug=slug)


def item(result, label: str):
    return next(i for i in result.items if i.label == label)
