"""The body's changes as readers would see them: rendered blocks, removed and added.

The source view (``cms.admin.worddiff``) compares the Markdown word by word.
This one cuts both bodies into their top-level blocks (``source_blocks``:
paragraphs, headings, lists, tables, code, formulas, figures), compares the
blocks, and renders each changed one with the site's renderer, so a changed
formula, table or code block is seen typeset before and after. Unchanged runs
are folded, as in the source view. A block is rendered on its own, so a
reference-style link defined in another block shows as written.
"""

import difflib

from django.utils.safestring import mark_safe

from cms.markdown import render_markdown, source_blocks


def rendered_diff(before: str, after: str) -> list[dict]:
    """The body's blocks in order: ``{"removed": html}`` / ``{"added": html}`` for changed
    blocks (a replaced block's old and new side by side in reading order), ``{"unchanged":
    n}`` for a run of n blocks that stayed the same. ``MarkdownError`` when either body can
    no longer be rendered."""
    old, new = source_blocks(before), source_blocks(after)
    blocks = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            blocks.append({"unchanged": i2 - i1})
            continue
        for offset in range(max(i2 - i1, j2 - j1)):
            if i1 + offset < i2:
                blocks.append({"removed": mark_safe(render_markdown(old[i1 + offset]))})  # noqa: S308 - sanitised by render_markdown
            if j1 + offset < j2:
                blocks.append({"added": mark_safe(render_markdown(new[j1 + offset]))})  # noqa: S308 - sanitised by render_markdown
    return blocks
