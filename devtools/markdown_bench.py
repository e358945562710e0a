"""What ``manage.py bench_markdown`` measures: Markdown pipelines side by side.

A pipeline is a function from Markdown to HTML. The site's own is
:func:`cms.markdown.render_markdown`; any other module file with a ``render_markdown``
(for example the Python-Markdown pipeline as it was, ``git show 33660f7:cms/markdown.py``)
can be loaded beside it. Three measures: CommonMark conformance of the engine (the spec's
examples, compared after normalising the HTML), speed on the demo bodies and on
generated bodies, and the time to render or refuse each text of the Markdown-bomb
corpus (which ``tests/test_markdown_limits.py`` also uses). Imported by the command when it
runs; conformance needs the ``test`` extra (html5lib and Python-Markdown).
"""

from __future__ import annotations

import importlib.util
import json
import random
import re
import time
from collections.abc import Callable
from pathlib import Path

from cms.exceptions import MarkdownError

Pipeline = Callable[[str], str]

#: Texts that are slow for some Markdown engines: (name, text).
BOMBS = [
    ("open-brackets", "[" * 10_000),
    ("open-image-brackets", "![" * 5_000),
    ("open-tags", "<a " * 10_000),
    ("nested-list-600", "".join("\t" * depth + "- item\n" for depth in range(600))),
    ("nested-list-600-one-line", "- " * 600 + "item"),
    ("nested-quotes-600", ">" * 600 + " x"),
    ("unclosed-link-destinations", "[a](" * 5_000),
    ("brackets-hidden-by-code", "[`]`" * 3_000),
    ("unclosed-tags-per-line", "<x\n" * 2_000),
    ("quoted-attribute-trick", "<a x='>' " * 2_000),
    ("unclosed-comments", "<!--" * 50_000),
    ("unclosed-fences", "```x\n" * 10_000),
    ("repeated-footnote", "[^1]" * 3_000 + "\n\n[^1]: x"),
    ("many-headings", "# a\n\n" * 5_000),
    ("rules-inside-a-paragraph", "***\nx\n" * 2_000),
    ("dense-emphasis", "*a* " * 50_000),
    ("many-paragraphs", "a\n\n" * 60_000),
    ("unclosed-math-brackets", "\\(" * 20_000),
    ("nested-braces-in-math", "$" + "{" * 3_000 + "x" + "}" * 3_000 + "$"),
    ("many-formulas", "$x$ " * 10_000),
]

_WORDS = (
    "the of and to in is that for it as with was on results model data study analysis sample "
    "effect protein cells method significant observed evidence review attention transformer"
).split()
_HAN = "研究表明模型数据分析注意力机制蛋白质结构预测卷积网络图像生成扩散"


def generated_body(number: int) -> str:
    """A deterministic body of 1-4 KB: headings, prose, links, lists, tables, code, math."""
    rng = random.Random(number)

    def prose(count: int) -> str:
        if number % 3 == 0:
            return "".join(rng.choice(_HAN) for _ in range(count * 2)) + "。"
        return " ".join(rng.choice(_WORDS) for _ in range(count)) + "."

    parts = [
        f"## Section {number}",
        f"{prose(40)} *{prose(3)}* [a link](https://example.org/{number}) {prose(20)}[^1]",
    ]
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(5)
        if kind == 0:
            parts.append("\n".join(f"- {prose(8)} `code_{k}`" for k in range(4)))
        elif kind == 1:
            parts.append(
                "| a | b |\n|---|--:|\n" + "\n".join(f"| {prose(2)} | {k} |" for k in range(4))
            )
        elif kind == 2:
            parts.append("```python\n" + "\n".join(f"x_{k} = f({k})" for k in range(6)) + "\n```")
        elif kind == 3:
            parts.append(f"The loss is $L = \\sum_i (y_i - \\hat y_i)^2$ and {prose(15)}")
        else:
            parts.append(f"> {prose(25)}\n> {prose(10)}")
    parts.append(f"[^1]: {prose(6)}")
    return "\n\n".join(parts)


def demo_bodies() -> list[str]:
    """The demo site's entry and page bodies, without their front matter."""
    from devtools.demo import CONTENT

    return [
        path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        for path in sorted(CONTENT.rglob("*.md"))
        if not path.name.startswith("_")
    ]


def load_pipeline(path: Path) -> Pipeline:
    """``render_markdown`` from a module file, e.g. an earlier version of cms/markdown.py."""
    spec = importlib.util.spec_from_file_location(f"bench_pipeline_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.render_markdown


def time_bodies(render: Pipeline, bodies: list[str]) -> float:
    start = time.perf_counter()
    for body in bodies:
        try:
            render(body)
        except MarkdownError:
            pass
    return time.perf_counter() - start


def time_bombs(render: Pipeline) -> list[tuple[str, str, float]]:
    """(name, "refused" or "rendered", seconds) for each text of the bomb corpus."""
    rows = []
    for name, text in BOMBS:
        start = time.perf_counter()
        try:
            render(text)
            outcome = "rendered"
        except MarkdownError:
            outcome = "refused"
        rows.append((name, outcome, time.perf_counter() - start))
    return rows


# --- Conformance -----------------------------------------------------------------------

_DROPPED_ATTRIBUTES = {"id", "class", "tabindex", "rel"}


def normalise_html(markup: str) -> str:
    """HTML as a canonical string: attributes the site adds dropped, code text only,
    whitespace between blocks ignored."""
    import html5lib

    root = html5lib.parseFragment(markup, namespaceHTMLElements=False)
    for figure in root.iter("figure"):
        if figure.get("class") == "code-block":
            caption = figure.find("figcaption")
            if caption is not None:
                figure.remove(caption)
    for code in root.iter("code"):
        text = "".join(code.itertext())
        for child in list(code):
            code.remove(child)
        code.text = text
    parts = []

    def walk(element):
        if isinstance(element.tag, str) and element.tag != "DOCUMENT_FRAGMENT":
            keep = not (element.tag == "figure" and element.get("class") == "code-block")
            attributes = sorted(
                (k, v) for k, v in element.attrib.items() if k not in _DROPPED_ATTRIBUTES
            )
            if keep:
                parts.append(f"<{element.tag}{attributes}>")
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")
        if isinstance(element.tag, str) and element.tag != "DOCUMENT_FRAGMENT" and keep:
            parts.append(f"</{element.tag}>")

    walk(root)
    joined = re.sub(r">\s+<", "><", "".join(parts))
    return re.sub(r"\s*\n\s*", "\n", joined).strip()


def conformance(render: Pipeline, spec_path: Path) -> tuple[int, int, dict[str, int]]:
    """(examples passed, examples, failures by spec section)."""
    examples = json.loads(spec_path.read_text(encoding="utf-8"))
    passed = 0
    failures: dict[str, int] = {}
    for example in examples:
        try:
            ok = normalise_html(render(example["markdown"])) == normalise_html(example["html"])
        except Exception:
            ok = False
        passed += ok
        if not ok:
            failures[example["section"]] = failures.get(example["section"], 0) + 1
    return passed, len(examples), failures


def engines() -> dict[str, Pipeline]:
    """The engines alone, as the site configures them, without sanitising (for conformance)."""
    import markdown
    from markdown.extensions.toc import slugify_unicode

    from cms.markdown.engine import markdown_parser

    def python_markdown(text: str) -> str:
        return markdown.markdown(
            text,
            extensions=["tables", "fenced_code", "footnotes", "toc", "sane_lists"],
            extension_configs={"toc": {"slugify": slugify_unicode}},
            output_format="html",
        )

    return {
        "Python-Markdown 3 (site extensions)": python_markdown,
        "markdown-it-py (site plugins)": lambda text: markdown_parser().render(text),
    }
