"""Machine translation: a draft translation of an original, made by an engine over HTTP.

``engines`` (LibreTranslate, DeepL, Google; ``CMS_MT_ENGINE``), ``http``
(one POST with a timeout and retries), ``segments`` (what of the Markdown is
sent, and how the answer is put back) and ``translate`` (the draft, saved
only when every answer is in). The admin button (``cms/admin/machine.py``),
the API action (``cms/api/machine.py``) and ``manage.py translate`` call
``translate.machine_translate``.
"""
