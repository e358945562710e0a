"""cms.markdown's denial-of-service guards: costly input is rendered quickly or refused
naming the problem, long normal articles are accepted, and no renderer failure escapes as anything
but a MarkdownError. Nothing here needs the database.
"""

from __future__ import annotations

import random
import re
import time

import pytest
from markdown_it import MarkdownIt

from cms.exceptions import MarkdownError
from cms.markdown import (
    MAX_MARKDOWN_LENGTH,
    MAX_NESTING_DEPTH,
    render_markdown,
    validate_markdown,
)
from devtools.markdown_bench import BOMBS
from tests.support.markdown import REFUSAL_REASONS, _find, assert_safe_html

# Texts that are slow for some Markdown engines (devtools.markdown_bench.BOMBS, timed by
# ``manage.py bench_markdown``). Each is rendered or refused, those refused with words that
# name the problem. The bound, in this process's CPU time, only catches a blow-up (a bomb
# took 10-40 s before the limits); speed is measured by the benchmark, not here.
BLOW_UP_SECONDS = 10.0


RENDERED_QUICKLY = [
    ("asterisks", "*" * 10_000),
    ("backticks", "`" * 10_000),
    ("charref-starts", "&#" * 10_000),
    ("ampersands", "&" * 10_000),
    ("nested-quotes-20", ">" * MAX_NESTING_DEPTH + " x"),
    ("deep-but-allowed-list", "".join("    " * d + "- x\n" for d in range(MAX_NESTING_DEPTH))),
]


@pytest.mark.parametrize(("name", "text"), BOMBS, ids=[name for name, _ in BOMBS])
def test_costly_input_is_rendered_safely_or_refused_quickly_naming_the_problem(name, text):
    start = time.process_time()
    try:
        output = render_markdown(text)
    except MarkdownError as refused:
        assert name in REFUSAL_REASONS, f"{name} refused: {refused}"
        assert re.search(REFUSAL_REASONS[name], str(refused)), str(refused)
    else:
        assert name not in REFUSAL_REASONS, f"{name} was rendered"
        assert_safe_html(output)
    assert time.process_time() - start < BLOW_UP_SECONDS


def test_deep_nesting_is_refused_rather_than_losing_the_text_after_it():
    with pytest.raises(MarkdownError, match="nested more than"):
        render_markdown("- " * 40 + "item\n\nThe conclusion.")


@pytest.mark.parametrize(
    "text", [text for _, text in RENDERED_QUICKLY], ids=[case_id for case_id, _ in RENDERED_QUICKLY]
)
def test_harmless_odd_input_renders_without_blowing_up(text):
    start = time.process_time()
    output = render_markdown(text)
    assert time.process_time() - start < BLOW_UP_SECONDS
    assert_safe_html(output)


def test_text_over_the_length_limit_is_refused_with_the_limit_in_the_message():
    with pytest.raises(MarkdownError, match=f"{MAX_MARKDOWN_LENGTH:,}"):
        validate_markdown("a" * (MAX_MARKDOWN_LENGTH + 1))
    validate_markdown("a" * MAX_MARKDOWN_LENGTH)


def test_lone_surrogate_is_refused_not_crashed_on():
    with pytest.raises(MarkdownError, match="U\\+D800"):
        render_markdown("text \ud800 more")


def test_non_string_is_a_type_error():
    with pytest.raises(TypeError):
        validate_markdown(None)  # type: ignore[arg-type]


def test_long_normal_article_is_accepted_and_renders_without_blowing_up():
    article = _article(50_000)
    start = time.process_time()
    output = render_markdown(article)
    assert time.process_time() - start < BLOW_UP_SECONDS
    assert_safe_html(output)
    assert len(_find(output, "table")) >= 5
    assert any(code.get("class") == "language-python" for code in _find(output, "code"))


def test_maximum_length_article_is_accepted():
    validate_markdown(_article(MAX_MARKDOWN_LENGTH - 5_000))


def test_long_block_of_link_definitions_is_accepted():
    definitions = "".join(
        f'[r{i}]: https://example.org/paper/{i} "Paper {i}"\n' for i in range(600)
    )
    validate_markdown("See [the first paper][r0].\n\n" + definitions)


def test_recursion_error_in_the_renderer_becomes_a_markdown_error(monkeypatch):
    def overflow(self, source, env=None):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(MarkdownIt, "parse", overflow)
    with pytest.raises(MarkdownError, match="nested too deeply"):
        render_markdown("- a")


def test_unexpected_renderer_failure_becomes_a_markdown_error(monkeypatch):
    def broken(self, source, env=None):
        raise IndexError("list index out of range")

    monkeypatch.setattr(MarkdownIt, "parse", broken)
    with pytest.raises(MarkdownError, match="could not be rendered"):
        render_markdown("a")


def test_no_other_exception_escapes_for_random_hostile_text():
    pieces = [
        "[", "]", "(", ")", "![", "<a ", "<", ">", "`", "```", "~~~", "\n", "\n\n", "    ",
        "- ", "> ", "1. ", "*", "_", "&#", "\\", '"', "'", "=", "[^1]", "[^1]: ", "# ", "---",
        "|", "<!--", "<?", "</div>", "<div>", "x", "{", "hl_lines=", "\t", "\x00", "\ud800",
        "\u202e", "中",
    ]  # fmt: skip
    rng = random.Random(20250101)
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 60)))
        try:
            output = render_markdown(text * rng.choice([1, 3, 50]))
        except MarkdownError:
            continue
        assert_safe_html(output)


def _article(size: int) -> str:
    """Ordinary prose with links, emphasis, code, tables, lists, quotes and footnotes."""
    rng = random.Random(7)
    words = (
        "the of and to in is that for it as with was on results model data study analysis "
        "sample effect protein cells method significant observed evidence review 研究"
    ).split()

    def prose(count: int) -> str:
        return " ".join(rng.choice(words) for _ in range(count))

    parts = []
    section = 0
    while sum(len(part) + 2 for part in parts) < size:
        section += 1
        parts.append(f"## Section {section}: {prose(4)}")
        parts.append(
            f"{prose(40)} [a source](https://example.org/paper/{section}?id={section}&v=2) "
            f"{prose(20)} *{prose(2)}* and **{prose(2)}** with `value_{section}` "
            f"{prose(30)}[^n{section}] see [figure](#fig-{section})."
        )
        parts.append(f"[^n{section}]: {prose(12)} <https://doi.org/10.1000/{section}>.")
        if section % 3 == 0:
            rows = "\n".join(
                f"| {prose(2)} | {rng.random():.3f} | *{prose(1)}* |" for _ in range(8)
            )
            parts.append("| Name | Value | Note |\n|:-----|------:|:----:|\n" + rows)
        if section % 4 == 0:
            code = "\n".join(
                f"x_{k} = compute(data[{k}], alpha=0.{k})  # {prose(3)}" for k in range(12)
            )
            parts.append(f"```python\n{code}\n```")
        if section % 5 == 0:
            parts.append("\n".join(f"- {prose(8)} [link](/page/{k})" for k in range(5)))
            parts.append(f"> {prose(30)}\n> {prose(20)}")
            parts.append(f'![Figure {section}](/media/fig{section}.png "Figure {section}")')
    return "\n\n".join(parts)
