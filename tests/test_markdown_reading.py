"""What a research write-up needs from Markdown: math, code, figures, tasks, details, CJK."""

import re
from pathlib import Path

import html5lib
import pytest

from cms.markdown import render_markdown, render_with_notes
from cms.markdown.code import stylesheet
from tests.support.markdown import assert_safe_html

MATHML = "{http://www.w3.org/1998/Math/MathML}"


def tree(markup: str):
    return html5lib.parseFragment(markup, namespaceHTMLElements=False)


def maths(markup: str) -> list:
    return [element for element in tree(markup).iter() if element.tag == f"{MATHML}math"]


class TestMath:
    @pytest.mark.parametrize(
        ("text", "display"),
        [
            ("The cost is $6\\times$ lower.", "inline"),
            ("The cost is \\(6\\times\\) lower.", "inline"),
            ("Display:\n\n$$\n\\frac{a}{b}\n$$", "block"),
            ("Display \\[\\frac{a}{b}\\] here.", "block"),
            ("Display $$\\frac{a}{b}$$ here.", "block"),
        ],
    )
    def test_tex_between_delimiters_renders_as_mathml(self, text, display):
        output = render_markdown(text)
        (math,) = maths(output)
        assert math.get("display") == display
        assert "\\" not in output and "$" not in output
        assert_safe_html(output)

    def test_fraction_and_operator_become_mathml_elements(self):
        (math,) = maths(render_markdown("$\\frac{1}{2} \\times x$"))
        tags = {element.tag.removeprefix(MATHML) for element in math.iter()}
        assert {"mfrac", "mn", "mo", "mi"} <= tags

    def test_escaped_parentheses_and_brackets_stay_text(self):
        assert render_markdown("\\(\\) and \\[x]") == "<p>() and [x]</p>"

    def test_prices_are_not_math(self):
        assert render_markdown("It costs $5 and $10.") == "<p>It costs $5 and $10.</p>"

    @pytest.mark.parametrize("tex", ["x^", "\\begin{matrix}a", "\\unknowncommand"])
    def test_invalid_tex_shows_as_code_with_a_note_for_the_editor(self, tex):
        rendered = render_with_notes(f"Broken ${tex}$ here.")
        assert maths(rendered.html) == []
        assert f'<code class="language-tex">${tex}$</code>' in rendered.html
        assert len(rendered.notes) == 1
        assert tex in rendered.notes[0] and "shown as code" in rendered.notes[0]

    def test_tex_href_does_not_become_a_link(self):
        output = render_markdown("$\\href{javascript:alert(1)}{x}$")
        assert "javascript" not in output and "href" not in output


class TestCode:
    def test_python_block_is_highlighted_with_classes_and_names_its_language(self):
        output = render_markdown("```python\ndef f(x):\n    return x  # twice\n```")
        (figure,) = [e for e in tree(output).iter("figure")]
        assert figure.get("class") == "code-block"
        assert figure.find("figcaption").text == "Python"
        classes = {span.get("class") for span in figure.iter("span")}
        assert {"k", "nf", "c1"} <= classes
        assert "style=" not in output
        assert "".join(figure.find("pre").itertext()) == "def f(x):\n    return x  # twice\n"

    def test_unknown_language_is_named_but_not_highlighted(self):
        output = render_markdown("```nosuchlanguage\na < b\n```")
        assert '<figcaption class="code-language">nosuchlanguage</figcaption>' in output
        assert "<span" not in output and "a &lt; b" in output

    def test_block_without_language_has_no_caption(self):
        assert render_markdown("```\nplain\n```") == '<pre tabindex="0"><code>plain\n</code></pre>'

    def test_served_stylesheet_has_light_and_dark_colours_for_the_token_classes(self):
        served = (Path(__file__).parents[1] / "static" / "cms" / "code.css").read_text()
        assert served == stylesheet(), "regenerate static/cms/code.css from stylesheet()"
        assert ".prose pre .k " in served
        assert "@media (prefers-color-scheme: dark)" in served


class TestBlocks:
    def test_image_with_a_title_is_a_captioned_figure(self):
        output = render_markdown('![A loss curve](/media/loss.png "Figure 2: training loss")')
        assert output == (
            '<figure class="figure"><img src="/media/loss.png" alt="A loss curve">'
            "<figcaption>Figure 2: training loss</figcaption></figure>"
        )

    def test_image_without_alt_text_is_flagged_for_the_editor(self):
        rendered = render_with_notes("![](/media/loss.png)")
        assert rendered.notes == [
            "The image /media/loss.png has no alt text: describe it between the square brackets."
        ]
        assert render_with_notes("![Loss](/media/loss.png)").notes == []

    def test_strikethrough_task_list_and_details(self):
        output = render_markdown(
            "~~old~~ new\n\n- [ ] to do\n- [x] done\n\n"
            "<details><summary>Proof</summary>\n\nIt *follows*.\n\n</details>"
        )
        assert "<s>old</s> new" in output
        assert '<li class="task"><span class="task-box">☐</span> to do</li>' in output
        assert '<li class="task task-done"><span class="task-box">☑</span> done</li>' in output
        assert "<details><summary>Proof</summary>" in output
        assert "<p>It <em>follows</em>.</p>" in output

    def test_two_space_nested_lists_nest_as_commonmark_says(self):
        output = render_markdown("- one\n  - one a\n  - one b\n- two")
        outer = tree(output).find("ul")
        assert [len(item.findall("ul")) for item in outer.findall("li")] == [1, 0]


class TestChineseText:
    def test_source_line_break_between_chinese_characters_adds_no_space(self):
        output = render_markdown("卷积。\n它的位置，\n因此我们")
        assert output == "<p>卷积。它的位置，因此我们</p>"

    def test_line_break_next_to_latin_text_stays(self):
        assert render_markdown("使用\nBERT 模型") == "<p>使用\nBERT 模型</p>"

    def test_line_break_beside_emphasis_between_chinese_characters_adds_no_space(self):
        assert render_markdown("研究*表明*\n结果") == "<p>研究<em>表明</em>结果</p>"

    def test_headings_keep_chinese_ids(self):
        assert re.search(r'<h2 id="研究结果">', render_markdown("## 研究结果"))


READING_BODY = """The speed-up is $6\\times$ and the loss is

$$
L = \\frac{1}{n}\\sum_i (y_i - \\hat y_i)^2
$$

```python
def loss(y, p):
    return ((y - p) ** 2).mean()
```

![A falling loss curve](/media/loss.png "Figure 1: training loss.")
"""


def reading_parts(markup: str) -> dict:
    """What a reader must see of READING_BODY in ``markup``."""
    document = tree(markup)
    return {
        "math": sorted(m.get("display") for m in maths(markup)),
        "keywords": [s.text for s in document.iter("span") if s.get("class") == "k"],
        "figure": [c.text for c in document.iter("figcaption") if c.get("class") is None],
    }


EXPECTED_PARTS = {
    "math": ["block", "inline"],
    "keywords": ["def", "return"],
    "figure": ["Figure 1: training loss."],
}


@pytest.mark.django_db
@pytest.mark.usefixtures("hashed_static")
def test_math_code_and_figure_reach_the_site_the_feed_and_the_export(client, tmp_path):
    import feedparser

    from cms.export import export_site
    from tests.factories import make_entry

    entry = make_entry("Loss", slug="loss", body=READING_BODY)
    page = client.get(entry.get_absolute_url()).content.decode()
    assert reading_parts(page) == EXPECTED_PARTS
    feed = feedparser.parse(client.get("/en/feed.xml").content)
    assert reading_parts(feed.entries[0].content[0].value) == EXPECTED_PARTS
    export_site(tmp_path / "site", allow_broken=True)
    exported = (tmp_path / "site/en/entries/loss/index.html").read_text(encoding="utf-8")
    assert reading_parts(exported) == EXPECTED_PARTS
