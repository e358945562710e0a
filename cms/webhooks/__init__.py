"""Webhooks: signed JSON events about published content, delivered in the background.

Administrators register endpoints in the admin. An entry becoming public,
changing while public or ceasing to be public (and a finished export) writes
an event and one delivery per active endpoint in the same transaction as the
change (a scheduled entry's at its ``publish_at``: ``schedule``); a
django-tasks worker (``python manage.py deliver_webhooks``) POSTs them,
retries failures with backoff, and logs every attempt for the admin.
"""
