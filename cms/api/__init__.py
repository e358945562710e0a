"""The versioned JSON content API (``/api/v1/``), documented by an OpenAPI schema.

Public read endpoints are path-only ``.json`` URLs paginated by path, so the
static export crawls them into files that are byte for byte the live
responses. Query-string filters, previews and token-authenticated writes are
live-only extras.
"""
