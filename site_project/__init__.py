"""Settings, URLs and the WSGI entry point of Digest CMS."""

import sys


def load_settings_or_exit() -> None:
    """Read the settings now; one the environment got wrong ends the process with one line.

    ``settings.py`` refuses to start with a message naming the variable to
    set (``DJANGO_SECRET_KEY`` when debug is off, say). Shown as the last
    line of a traceback, that message is easy to miss in a terminal or a
    service's log, so ``manage.py`` and the WSGI entry point print it alone.
    """
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # noqa: B018 - reading one setting runs settings.py
    except ImproperlyConfigured as error:
        sys.exit(f"Digest CMS cannot start: {error}")
