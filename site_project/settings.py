"""Settings for Digest CMS, read from the environment in this one file.

Development works with no environment at all (SQLite file, debug on, a
throw-away secret key). With ``DJANGO_DEBUG=0`` the site refuses to start
until ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS`` are given, and
``python manage.py check --deploy`` has nothing to report. The ``CMS_*``
settings' defaults are in ``cms/conf.py``, their checks in ``cms/conf_checks.py``.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from site_project.config import caches, env_bool, env_list, env_number, language_names, storages

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core ----------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-never-use-in-production"
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS when DJANGO_DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "cms.admin_site.DigestAdminConfig",  # django.contrib.admin with our site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "markdownx",
    "simple_history",
    "cms",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "cms.webhooks",
    "csp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cms.bad_requests.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "cms.caching.PublicCacheMiddleware",
    "cms.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "cms.redirects.RedirectFallbackMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "site_project.urls"
WSGI_APPLICATION = "site_project.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cms.context_processors.site",
            ],
        },
    },
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# --- Database --------------------------------------------------------------------
# Connections are kept DJANGO_DB_CONN_MAX_AGE seconds (checked before reuse;
# 0: one per request): opening SQLite costs more than serving a cached page.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_number("DJANGO_DB_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
# CI's runs on a shared PostgreSQL server each name their own test database.
if os.environ.get("DJANGO_TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DJANGO_TEST_DATABASE_NAME"]}
# SQLite under several processes: a write transaction takes the write lock when
# it starts and waits up to 20 s for it, instead of failing with "database is
# locked" (a lost save, found by `manage.py loadtest`); WAL lets readers go on.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Languages and time ------------------------------------------------------------
# Each language is a URL prefix (/en/, /zh-hans/); the first is the default.
CMS_LANGUAGES = env_list("CMS_LANGUAGES", "en,zh-hans")
LANGUAGES = language_names(CMS_LANGUAGES)
LANGUAGE_CODE = CMS_LANGUAGES[0]
LOCALE_PATHS = [BASE_DIR / "cms" / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("CMS_TIME_ZONE", "UTC")
USE_TZ = True

# --- Static files, media and caches ------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Media on disk, or with DJANGO_MEDIA_STORAGE=s3 in the bucket DJANGO_MEDIA_BUCKET
# under DJANGO_MEDIA_PREFIX (boto3 reads endpoint and keys from the environment).
_media = os.environ.get("DJANGO_MEDIA_STORAGE", "filesystem").strip().lower()
STORAGES = storages(
    _media,
    bucket=os.environ.get("DJANGO_MEDIA_BUCKET", ""),
    prefix=os.environ.get("DJANGO_MEDIA_PREFIX", "media"),
)
WHITENOISE_MANIFEST_STRICT = True
FILE_UPLOAD_PERMISSIONS = 0o644
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440 * 2
# Django serves media in debug, and from a bucket (the web server serves MEDIA_ROOT).
CMS_SERVE_MEDIA = env_bool("CMS_SERVE_MEDIA", DEBUG or _media == "s3")

# Seconds a browser or CDN may keep a page (cms/caching.py), and the server its
# rendering (cms/page_cache.py; any change replaces it; off in development, where
# an edited template must show at once). REDIS_URL shares pages and the API's
# throttle counts between all workers and machines; the token keying every page
# is in the database, so invalidation needs nothing more.
CMS_PAGE_MAX_AGE = env_number("CMS_PAGE_MAX_AGE", 300)
CMS_PAGE_CACHE_SECONDS = env_number("CMS_PAGE_CACHE_SECONDS", 0 if DEBUG else 300)
CACHES = caches(os.environ.get("REDIS_URL", ""), env_number("CMS_PAGE_CACHE_ENTRIES", 1000))

# --- The site: addresses, lists, uploads, importers, export -------------------------
CMS_SITE_URL = os.environ.get("CMS_SITE_URL", "http://127.0.0.1:8000/").rstrip("/") + "/"
CMS_SITE_NAME = os.environ.get("CMS_SITE_NAME", "Digest")
CMS_ENTRIES_PER_PAGE = env_number("CMS_ENTRIES_PER_PAGE", 10)
CMS_SITEMAP_PAGE_SIZE = env_number("CMS_SITEMAP_PAGE_SIZE", 1000)
CMS_EXPORT_EXTRA_URLS = env_list("CMS_EXPORT_EXTRA_URLS")
# Days an output may go unexported and still be planned from the change journal.
CMS_JOURNAL_KEEP_DAYS = env_number("CMS_JOURNAL_KEEP_DAYS", 30, float)
CMS_PREVIEW_MAX_AGE = env_number("CMS_PREVIEW_MAX_AGE", 3 * 24 * 3600)  # signed preview links
CMS_UPLOAD_MAX_BYTES = env_number("CMS_UPLOAD_MAX_BYTES", 5 * 1024 * 1024)
CMS_UPLOAD_MAX_PIXELS = env_number("CMS_UPLOAD_MAX_PIXELS", 40_000_000)
CMS_UPLOAD_MAX_FRAMES = env_number("CMS_UPLOAD_MAX_FRAMES", 1000)
# arXiv: the API's address, the pause it asks for between requests, retries of a 503.
CMS_ARXIV_API_URL = os.environ.get("CMS_ARXIV_API_URL", "https://export.arxiv.org/api/query")
CMS_ARXIV_DELAY_SECONDS = env_number("CMS_ARXIV_DELAY_SECONDS", 3.0, float)
CMS_ARXIV_RETRIES = env_number("CMS_ARXIV_RETRIES", 3)
CMS_MT_ENGINE = os.environ.get("CMS_MT_ENGINE", "")
# Chinese titles give pinyin slugs ("liang-hua-fang-fa"); off: an id or a hash instead.
CMS_PINYIN_SLUGS = env_bool("CMS_PINYIN_SLUGS", True)

# --- The editor and revisions -------------------------------------------------------
# markdownx previews with our sanitising renderer; its views are replaced by
# permission-checked ones (cms/editor.py). Revisions are restored by our view.
MARKDOWNX_MARKDOWNIFY_FUNCTION = "cms.markdown.render_markdown"
MARKDOWNX_URLS_PATH = "/editor/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/editor/upload/"
MARKDOWNX_EDITOR_RESIZABLE = True
SIMPLE_HISTORY_REVERT_DISABLED = True
LOGIN_URL = "admin:login"

# --- The JSON API and background work ----------------------------------------------
# DRF, JSON only, tokens for writes, a drf-spectacular schema. Background work
# (webhooks) runs on django-tasks' database backend; Django 6's is a TASKS change.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["cms.api.parsers.BoundedJSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "EXCEPTION_HANDLER": "cms.api.errors.exception_handler",
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Digest CMS API",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "ENUM_NAME_OVERRIDES": {
        "TranslationMethodEnum": "cms.models.TranslationMethod",
        "StatusEnum": "cms.publishing.Status",
    },
}
# Budgets for anonymous live-only API requests (query strings, previews) and for writes.
CMS_API_ANON_RATE = os.environ.get("CMS_API_ANON_RATE", "120/minute")
CMS_API_USER_RATE = os.environ.get("CMS_API_USER_RATE", "600/minute")
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- E-mail: notifications (cms/notifications/), sent by the worker -----------------
# Development prints every e-mail to the worker's console; production names a backend
# (django.core.mail.backends.smtp.EmailBackend) and its server.
EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_number("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("DJANGO_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_number("DJANGO_EMAIL_TIMEOUT", 30)
EMAIL_SUBJECT_PREFIX = os.environ.get("DJANGO_EMAIL_SUBJECT_PREFIX", "[Digest CMS] ")
if os.environ.get("DJANGO_EMAIL_FILE_PATH"):
    EMAIL_FILE_PATH = os.environ["DJANGO_EMAIL_FILE_PATH"]
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "digest@localhost")
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Security: headers, HTTPS, login throttling (SECURITY.md) -----------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Behind a proxy that ends TLS: trust its X-Forwarded-Proto, and take the client
# address from the X-Forwarded-For entry it appended (for login and API throttles,
# which would otherwise key on the whole header, forgeable for a fresh budget).
CMS_BEHIND_PROXY = env_bool("DJANGO_BEHIND_TLS_PROXY", False)
REST_FRAMEWORK["NUM_PROXIES"] = 1 if CMS_BEHIND_PROXY else 0
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_number("DJANGO_SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    if CMS_BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4). Nothing of ours runs inline (JSON-LD is
# a data block script-src does not govern), so scripts and styles are 'self' only.
# Images may come from any https address (bodies may show images hosted
# elsewhere; they cannot run code) and data: URLs (Swagger UI's icons).
_ONLY_SELF = ["default-src", "script-src", "style-src", "font-src", "connect-src", "form-action"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **dict.fromkeys(_ONLY_SELF, [SELF]),
        "img-src": [SELF, "https:", "data:"],
        **dict.fromkeys(["object-src", "base-uri", "frame-ancestors"], [NONE]),
    },
}

# django-axes: CMS_LOGIN_FAILURE_LIMIT failed logins for one user name from one
# address lock that pair (HTTP 429, cms/login_guard.py) for CMS_LOGIN_COOLOFF_MINUTES,
# so no one elsewhere can lock an editor out; a success resets the count. Unlock in
# the admin (Axes → Access attempts) or with `manage.py axes_reset_username <name>`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_number("CMS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_number("CMS_LOGIN_COOLOFF_MINUTES", 15))
# Per user name and address, and per address across user names at its own
# limit (cms.login_guard.LoginGuardHandler), so one address cannot spray guesses.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]
AXES_HANDLER = "cms.login_guard.LoginGuardHandler"
CMS_LOGIN_ADDRESS_FAILURE_LIMIT = env_number("CMS_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.login_guard.locked_out"
AXES_CLIENT_IP_CALLABLE = "cms.login_guard.client_address"
