"""cms.markdown renders what writers use: heading ids, tables, code, footnotes,
Chinese text, with no state shared between renders. Nothing here needs the database.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from cms.markdown import (
    render_markdown,
)
from tests.support.markdown import _find


def test_heading_gets_an_id():
    (heading,) = _find(render_markdown("## Results and methods"), "h2")
    assert heading.get("id") == "results-and-methods"


def test_non_latin_heading_gets_a_unicode_id():
    (heading,) = _find(render_markdown("## 研究结果"), "h2")
    assert heading.get("id") == "研究结果"


def test_table_keeps_column_alignment_as_classes_not_inline_styles():
    output = render_markdown("| Left | Centre | Right |\n|:--|:-:|--:|\n| a | b | c |")
    expected = ["align-left", "align-center", "align-right"]
    assert [cell.get("class") for cell in _find(output, "th")] == expected
    assert [cell.get("class") for cell in _find(output, "td")] == expected
    assert "style=" not in output


def test_alignment_and_style_written_as_html_are_dropped():
    output = render_markdown('<table><tr><td align="right" style="color:red">a</td></tr></table>')
    assert [(cell.get("align"), cell.get("style")) for cell in _find(output, "td")] == [
        (None, None)
    ]


def test_fenced_code_keeps_its_language_class():
    output = render_markdown("```python\nprint('<b>hi</b>')\n```")
    (code,) = _find(output, "code")
    assert code.get("class") == "language-python"
    assert "".join(code.itertext()) == "print('<b>hi</b>')\n"


def test_code_block_is_focusable_so_the_keyboard_can_scroll_it():
    output = render_markdown("```\nwide = 1\n```\n\n<pre onclick='x()' tabindex='5'>raw</pre>")
    blocks = _find(output, "pre")
    assert [block.get("tabindex") for block in blocks] == ["0", "0"]
    assert blocks[1].get("onclick") is None


def test_code_classes_other_than_language_are_dropped():
    output = render_markdown('<pre><code class="evil language-js x">a</code></pre>')
    assert _find(output, "code")[0].get("class") == "language-js"


def test_footnote_reference_links_to_its_note_and_back():
    output = render_markdown("A claim.[^1]\n\n[^1]: The source.")
    (reference,) = _find(output, "sup")
    assert reference.get("class") == "footnote-ref"
    assert (reference[0].get("href"), reference[0].get("id")) == ("#fn1", "fnref1")
    (note,) = _find(output, "li")
    assert note.get("id") == "fn1"
    backlinks = [a for a in _find(output, "a") if a.get("class") == "footnote-backref"]
    assert [a.get("href") for a in backlinks] == ["#fnref1"]
    assert any(section.get("class") == "footnotes" for section in _find(output, "section"))


def test_chinese_text_passes_through_unchanged():
    text = "研究表明，睡眠不足会影响记忆力。"
    assert render_markdown(text) == f"<p>{text}</p>"


def test_whitespace_only_text_renders_empty():
    assert render_markdown("") == ""
    assert render_markdown(" \n\t\n") == ""


def test_renders_share_no_state():
    text = "A[^1] and B[^2].\n\n[^1]: one\n[^2]: two\n\n# Title"
    first = render_markdown(text)
    assert render_markdown(text) == first
    assert render_markdown("# Title") == '<h1 id="title">Title</h1>'  # not "title_1"


def test_concurrent_renders_match_sequential_renders():
    texts = [f"# Part {i}\n\nText[^n{i}] with *emphasis*.\n\n[^n{i}]: Note {i}." for i in range(16)]
    expected = [render_markdown(text) for text in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(render_markdown, texts * 4)) == expected * 4
