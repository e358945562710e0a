"""gunicorn settings for serving Digest CMS: ``gunicorn site_project.wsgi``.

gunicorn reads this file from the working directory. Every value can be
changed by the environment, so one file serves a laptop, a VM and a
container. The defaults suit a small server: two synchronous workers per
core (Django views are short and mostly CPU), the app loaded once before
forking (shared memory, a broken deploy fails at start), workers recycled
after a few thousand requests to bound memory, and access logs on stdout.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * multiprocessing.cpu_count())))
worker_class = "sync"
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
# Behind a reverse proxy that terminates TLS, list its address here so
# X-Forwarded-Proto is trusted (Django also needs SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
