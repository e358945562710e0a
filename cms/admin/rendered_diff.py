"""The body's changes as readers would see them: rendered blocks, removed and added.

The source view (``cms.admin.worddiff``) compares the Markdown word by word.
This one cuts both bodies into their top-level blocks (``source_blocks``:
paragraphs, headings, lists, tables, code, formulas, figures), compares the
blocks, and renders each changed one with the site's renderer, so a changed
formula, table or code block is seen typeset before and after. Unchanged runs
are folded, as in the source view. A block is rendered on its own, so a
reference-style link defined in another block shows as written.
"""

from django.utils.safestring import mark_safe

from cms.admin.worddiff import aligned_blocks
from cms.markdown import render_markdown, source_blocks


def rendered_diff(before: str, after: str) -> list[dict]:
    """The body's blocks in order: ``{"removed": html}`` / ``{"added": html}`` for changed
    blocks (a replaced block's old and new side by side in reading order), ``{"unchanged":
    n}`` for a run of n blocks that stayed the same. ``MarkdownError`` when either body can
    no longer be rendered."""
    blocks = []
    for block in aligned_blocks(source_blocks(before), source_blocks(after)):
        if isinstance(block, int):
            blocks.append({"unchanged": block})
            continue
        removed, added = block
        if removed is not None:
            blocks.append({"removed": mark_safe(render_markdown(removed))})  # noqa: S308 - sanitised by render_markdown
        if added is not None:
            blocks.append({"added": mark_safe(render_markdown(added))})  # noqa: S308 - sanitised by render_markdown
    return blocks
