"""Re-render every stored body with the markdown-it-py pipeline (math, code, figures...).

``body_html`` is derived data, so it is rewritten with ``update()``: no new version,
no revision, no ``updated_at`` change. Each entry's search document is written again
from the new HTML (``update()`` sends no signal). A body the new renderer refuses keeps
its old HTML, and the count is printed so an editor can fix those bodies in the admin.
"""

from django.db import migrations


def rerender(apps, schema_editor):
    from cms.exceptions import MarkdownError
    from cms.markdown import render_markdown
    from cms.search.backends import get_backend
    from cms.search.documents import build_document

    search = get_backend(schema_editor.connection.alias)
    refused = 0
    for model_name in ("Entry", "Page"):
        model = apps.get_model("cms", model_name)
        for pk, body in model.objects.values_list("pk", "body").iterator(chunk_size=500):
            try:
                html = render_markdown(body or "")
            except MarkdownError:
                refused += 1
                continue
            model.objects.filter(pk=pk).update(body_html=html)
            if model_name == "Entry":
                entry = model.objects.prefetch_related("topics").get(pk=pk)
                search.save([build_document(entry, entry.topics.all())])
    if refused:
        print(f"\n  {refused} bodies kept their old HTML: the new renderer refuses them.")


class Migration(migrations.Migration):
    dependencies = [("cms", "0009_entry_preview_key")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
