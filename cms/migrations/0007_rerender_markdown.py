"""Re-render every stored body with the markdown-it-py pipeline (math, code, figures...).

``body_html`` is derived data, so it is rewritten with ``update()``: no new version,
no revision, no ``updated_at`` change. A body the new renderer refuses keeps its old
HTML, and the count is printed so an editor can fix those bodies in the admin.
"""

from django.db import migrations


def rerender(apps, schema_editor):
    from cms.exceptions import MarkdownError
    from cms.markdown import render_markdown

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
    if refused:
        print(f"\n  {refused} bodies kept their old HTML: the new renderer refuses them.")


class Migration(migrations.Migration):
    dependencies = [("cms", "0006_site_version")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
