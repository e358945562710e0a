"""The body's text that ``summary_adds_to_body`` compares is exactly Django's ``strip_tags``."""

import random

import pytest
from django.utils.html import strip_tags

from cms.summaries import _PLAIN_HTML_RE, html_text, summary_adds_to_body

PLAIN = [
    "",
    "just text",
    "<p>One <em>two</em> &amp; <a href=\"/x?a=1&amp;b=2\" title='t'>three</a></p>",
    "<p>A<br/>B<br />C<hr>D</p>",
    '<img src=a.png alt=x><P CLASS="Big">&#955; &#x3bb; &lambda;</P>',
    '<pre><code class="language-py">if a &lt; b: pass</code></pre>',
    '<span class="math">\\(6\\times 7\\)</span> <sup>2</sup>',
    "<ul>\n<li>one</li>\n<li>two</li>\n</ul>",
]
NOT_PLAIN = [
    "<script>var a = '<b>';</script>after",
    "<STYLE>p > a {}</STYLE>text",
    "<!-- a comment -->text",
    "a < b and c > d",
    "fish & chips",
    "&amp without a semicolon",
    '<a href="x"title="y">run-on attributes</a>',
    "<p>unclosed <b",
    "<textarea><b>kept</b></textarea>",
    "<!doctype html><p>x</p>",
    "<p>&lt;b&gt;escaped&lt;/b&gt; twice <<b>b</b>>",
]


@pytest.mark.parametrize("body_html", PLAIN)
def test_plain_html_takes_the_regular_expression_and_gives_strip_tags_text(body_html):
    assert _PLAIN_HTML_RE.fullmatch(body_html)
    assert html_text(body_html) == strip_tags(body_html)


@pytest.mark.parametrize("body_html", NOT_PLAIN)
def test_anything_else_is_left_to_strip_tags(body_html):
    assert not _PLAIN_HTML_RE.fullmatch(body_html)
    assert html_text(body_html) == strip_tags(body_html)


FRAGMENTS = [
    "a",
    " ",
    "\n",
    "λ",
    "中文",
    "<",
    ">",
    "&",
    ";",
    "#",
    "/",
    "=",
    '"',
    "'",
    "`",
    "!",
    "-",
    "&amp;",
    "&#65;",
    "&#x41;",
    "&lt;",
    "&nbsp",
    "<p>",
    "</p>",
    "<br/>",
    "<b >",
    "</ b>",
    '<a href="/x">',
    "<a href=x>",
    "<a href='y' title=\"z\">",
    '<img alt="a>b">',
    "<!--",
    "-->",
    "<script>",
    "</script>",
    "<style>",
    "<?x?>",
    "<!x>",
    "<P>",
    "<a\nhref=1>",
    "<p/>",
]


def test_random_html_gives_strip_tags_text_either_way():
    chance = random.Random(20)
    for _ in range(5000):
        body_html = "".join(chance.choices(FRAGMENTS, k=chance.randint(0, 20)))
        assert html_text(body_html) == strip_tags(body_html), body_html


def test_summary_repeating_the_rendered_opening_adds_nothing():
    body_html = "<p>Proteins <em>fold</em> &amp; unfold.</p><p>More.</p>"
    assert not summary_adds_to_body("Proteins fold & unfold…", "other source", body_html)
    assert summary_adds_to_body("Something else.", "other source", body_html)
