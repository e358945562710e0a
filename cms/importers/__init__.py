"""Importers: content from elsewhere into Digest CMS, one module per input format.

``arxiv`` (arXiv API Atom feeds), ``markdown_files`` (Hugo and Jekyll
folders) and ``digest`` (plain-text digests with "translated by" lines) each
provide one plain function that returns an ``ImportResult``; the management
commands of the same names are thin wrappers around them. They share
``base`` (safe reading, the run's transaction, the result) and ``writer``
(validation through the model, idempotent re-imports that never overwrite
an editor's change).
"""
