"""Webhooks: signed JSON events about published content, delivered in the background.

Administrators register endpoints in the admin. Publishing, unpublishing and
editing published entries (and a finished export) write an event and one
delivery per active endpoint in the same transaction as the change; a
django-tasks worker (``python manage.py deliver_webhooks``) POSTs them,
retries failures with backoff, and logs every attempt for the admin.
"""
