"""The project's WSGI application, answering with the serving process's id (``X-Worker``).

Only for tests that must show which gunicorn worker answered a request.
"""

import os

from site_project.wsgi import application as site_application


def application(environ, start_response):
    def start(status, headers, exc_info=None):
        return start_response(status, [*headers, ("X-Worker", str(os.getpid()))], exc_info)

    return site_application(environ, start)
