"""Notes the renderer leaves for the writer: things it rendered, but not as they meant.

The editor's preview shows them above the rendered text (a formula shown as code, an
image without alt text); the published page shows only the HTML.
"""


def add_note(env: dict, message: str) -> None:
    notes = env.setdefault("notes", [])
    if message not in notes:
        notes.append(message)
