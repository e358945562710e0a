"""Block shapes the CommonMark core lacks: captioned figures, task lists, aligned columns.

* A paragraph holding one image with a title becomes ``<figure>`` with the title as its
  ``<figcaption>``. An image with empty alt text is reported to the editor's preview.
* A list item starting ``[ ]`` or ``[x]`` is a task, its box drawn as a character (☐/☑)
  rather than a form control.
* Table column alignment becomes an ``align-*`` class: the site's CSP forbids the inline
  ``style`` markdown-it writes, and HTML has made ``align`` obsolete.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from cms.markdown.notes import add_note

_TASK_RE = re.compile(r"\[([ xX])\] ")
_ALIGN_RE = re.compile(r"text-align:(left|center|right)")


def _figures(state: StateCore) -> None:
    tokens = state.tokens
    for index in range(len(tokens) - 2):
        opening, inline, closing = tokens[index : index + 3]
        if opening.type != "paragraph_open" or inline.type != "inline":
            continue
        children = [
            c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())
        ]
        if len(children) != 1 or children[0].type != "image" or not children[0].attrGet("title"):
            continue
        image = children[0]
        opening.type, opening.tag = "figure_open", "figure"
        closing.type, closing.tag = "figure_close", "figure"
        opening.attrSet("class", "figure")
        inline.children = [image]
        inline.meta = {"caption": str(image.attrGet("title"))}
        image.attrs.pop("title", None)


def _image_alt_notes(state: StateCore) -> None:
    for token in state.tokens:
        for child in token.children or []:
            if (
                child.type == "image"
                and not "".join(c.content for c in child.children or []).strip()
            ):
                add_note(
                    state.env,
                    _("The image %(src)s has no alt text: describe it between the square brackets.")
                    % {"src": child.attrGet("src")},
                )


def _tasks(state: StateCore) -> None:
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "list_item_open" or index + 2 >= len(tokens):
            continue
        inline = tokens[index + 2]
        if tokens[index + 1].type != "paragraph_open" or inline.type != "inline":
            continue
        first = (inline.children or [None])[0]
        match = (
            _TASK_RE.match(first.content) if first is not None and first.type == "text" else None
        )
        if match is None:
            continue
        done = match.group(1) != " "
        first.content = first.content[match.end() :]
        box = Token("html_inline", "", 0)
        box.content = f'<span class="task-box">{"☑" if done else "☐"}</span> '
        inline.children.insert(0, box)
        token.attrSet("class", "task task-done" if done else "task")


def _alignment(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in ("th_open", "td_open") and token.attrGet("style"):
            match = _ALIGN_RE.search(str(token.attrGet("style")))
            token.attrs.pop("style", None)
            if match:
                token.attrSet("class", f"align-{match.group(1)}")


def blocks_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("figures", _figures)
    md.core.ruler.push("image_alt_notes", _image_alt_notes)
    md.core.ruler.push("tasks", _tasks)
    md.core.ruler.push("column_alignment", _alignment)

    def figure_open(self, tokens, idx, options, env):
        return '<figure class="figure">'

    def figure_close(self, tokens, idx, options, env):
        caption = md.utils.escapeHtml(tokens[idx - 1].meta["caption"])
        return f"<figcaption>{caption}</figcaption></figure>\n"

    md.add_render_rule("figure_open", figure_open)
    md.add_render_rule("figure_close", figure_close)
