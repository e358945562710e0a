"""The stand-in engine, the original entry and the translate command shared by
tests/test_machine_translation*.py.

``BODY`` holds what must reach the draft unchanged (code, math, URLs, HTML
tags); ``engines`` names the stand-in as each engine kind, with keys set.
"""

import io

import pytest
from django.core.management import call_command

from tests.factories import make_entry, make_topic
from tests.support.mt_server import StandIn

BODY = """## Method

We train with `torch.compile` and $O(n^2)$ memory; see https://example.org/paper?x=1 and
[the code](https://github.com/org/repo "Repo").

```python
def attention(q, k):
    return q @ k.T  # not translated
```

$$
\\mathrm{softmax}(QK^T / \\sqrt{d})
$$

- first <kbd>Ctrl</kbd> point
- second point

| Model | Score |
|-------|------:|
| ours  | 0.9 |

> A quoted line.
"""


@pytest.fixture
def stand_in():
    server = StandIn().start()
    yield server
    server.stop()


@pytest.fixture
def original():
    return make_entry(
        "Fast attention",
        slug="fast-attention",
        summary="A faster attention.",
        body=BODY,
        topics=[make_topic("ml", "ML")],
        arxiv_id="2401.01234",
    )


@pytest.fixture
def engines(stand_in, settings, monkeypatch):
    monkeypatch.setenv("DEEPL_API_KEY", "test-key")
    monkeypatch.setenv("GOOGLE_TRANSLATE_API_KEY", "test-key")
    settings.CMS_MT_RETRY_PAUSE_SECONDS = 0
    settings.CMS_MT_TIMEOUT_SECONDS = 5
    return {
        "libretranslate": f"libretranslate+{stand_in.url}",
        "deepl": f"deepl:{stand_in.url}",
        "google": f"google:{stand_in.url}",
    }


def translate(original, engine_spec, language="zh-hans") -> str:
    out = io.StringIO()
    call_command(
        "translate", str(original.pk), "--to", language, "--engine", engine_spec, stdout=out
    )
    return out.getvalue()
