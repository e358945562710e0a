"""What the input sweep feeds every way in: control characters and Markdown that cannot be rendered.

Shared by tests/test_input_sweep_*.py. Which Markdown fails is asked of the renderer itself,
so the sweep stays true when the engine changes.
"""

import pytest
from django.core.cache import cache

from cms.exceptions import MarkdownError
from cms.markdown import render_markdown
from tests.support.markdown import REFUSED_INPUTS
from tests.test_model_checks import RENDER_FAILURES

CHARACTERS = {
    "nul": "\x00",
    "c0-start-of-heading": "\x01",
    "c0-backspace": "\x08",
    "c0-vertical-tab": "\x0b",
    "c0-form-feed": "\x0c",
    "c0-escape": "\x1b",
    "c0-unit-separator": "\x1f",
    "delete": "\x7f",
    "c1-next-line": "\x85",
    "c1-control-sequence": "\x9b",
    "noncharacter-fffe": "\ufffe",
    "noncharacter-ffff": "\uffff",
    "lone-surrogate": "\ud800",
}


control = pytest.mark.parametrize("c", CHARACTERS.values(), ids=CHARACTERS.keys())


PICKED = ("open-brackets", "nested-quotes-600", "unclosed-fences", "many-headings")
UNRENDERABLE = {
    "nested-lists": RENDER_FAILURES[0],
    "nested-quotes": RENDER_FAILURES[1],
    **{name: text for name, text, _problem in REFUSED_INPUTS if name in PICKED},
}
unrenderable = pytest.mark.parametrize("body", UNRENDERABLE.values(), ids=UNRENDERABLE.keys())


def renders(text: str) -> bool:
    try:
        render_markdown(text)
    except MarkdownError:
        return False
    return True


@pytest.fixture(autouse=True)
def fresh_throttle_history():
    cache.clear()
