"""WSGI entry point for gunicorn and other WSGI servers."""

import os

from django.core.wsgi import get_wsgi_application

from site_project import load_settings_or_exit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_project.settings")
load_settings_or_exit()

application = get_wsgi_application()
