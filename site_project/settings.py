"""Settings for Digest CMS, read from the environment in this one file.

Development works with no environment at all (SQLite file, debug on, a
throw-away secret key). With ``DJANGO_DEBUG=0`` the site refuses to start
until ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS`` are given, and
``python manage.py check --deploy`` has nothing to report.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


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

# Connections are kept for DJANGO_DB_CONN_MAX_AGE seconds (checked before
# reuse): opening SQLite and setting its pragmas cost more than serving a
# cached page. 0 opens one per request.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_DB_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
# CI runs the suite on a shared PostgreSQL server; a name of its own keeps two
# runs from fighting over the same "test_<name>" database.
if os.environ.get("DJANGO_TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DJANGO_TEST_DATABASE_NAME"]}
# SQLite under several server processes: a write transaction takes the write
# lock when it starts and waits up to 20 s for it, instead of failing with
# "database is locked" (a lost save) when two saves meet; WAL lets readers go on
# while one writes. Found by `manage.py loadtest` (gunicorn, 2 workers).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: each one is a URL prefix (/en/, /zh-hans/). The first is the default.
_LANGUAGE_NAMES = {
    "en": "English",
    "zh-hans": "简体中文",
    "zh-hant": "繁體中文",
    "fr": "Français",
    "de": "Deutsch",
    "es": "Español",
    "ja": "日本語",
}
CMS_LANGUAGES = env_list("CMS_LANGUAGES", "en,zh-hans")
_unknown = [code for code in CMS_LANGUAGES if code not in _LANGUAGE_NAMES]
if _unknown:
    raise ImproperlyConfigured(
        f"CMS_LANGUAGES has unknown language codes {_unknown}; "
        f"choose from {sorted(_LANGUAGE_NAMES)}."
    )
LANGUAGES = [(code, _LANGUAGE_NAMES[code]) for code in CMS_LANGUAGES]
LANGUAGE_CODE = CMS_LANGUAGES[0]
LOCALE_PATHS = [BASE_DIR / "cms" / "locale"]
USE_I18N = True
TIME_ZONE = os.environ.get("CMS_TIME_ZONE", "UTC")
USE_TZ = True

# Absolute base URL of the public site: feeds, sitemap, canonical links, export.
CMS_SITE_URL = os.environ.get("CMS_SITE_URL", "http://127.0.0.1:8000/").rstrip("/") + "/"
CMS_SITE_NAME = os.environ.get("CMS_SITE_NAME", "Digest")
# Seconds a browser or CDN may keep a public page (cms/caching.py); 0 turns it off.
CMS_PAGE_MAX_AGE = int(os.environ.get("CMS_PAGE_MAX_AGE", "300"))
# Seconds the server keeps a rendered public page at most (cms/page_cache.py);
# any content change replaces it at once. 0 turns the server-side cache off,
# the default in development, where an edited template must show at once.
CMS_PAGE_CACHE_SECONDS = int(os.environ.get("CMS_PAGE_CACHE_SECONDS", "0" if DEBUG else "300"))
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CMS_PAGE_CACHE_ENTRIES", "1000"))},
    },
}
CMS_ENTRIES_PER_PAGE = int(os.environ.get("CMS_ENTRIES_PER_PAGE", "10"))
# Entries per sitemap file (the sitemap protocol allows 50,000 locations).
CMS_SITEMAP_PAGE_SIZE = int(os.environ.get("CMS_SITEMAP_PAGE_SIZE", "1000"))
# Paths the static export renders besides what it finds by crawling, comma-separated.
CMS_EXPORT_EXTRA_URLS = env_list("CMS_EXPORT_EXTRA_URLS")

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded media is served by Django only in development or when asked to;
# production deployments serve MEDIA_ROOT from the web server or a bucket.
CMS_SERVE_MEDIA = env_bool("CMS_SERVE_MEDIA", DEBUG)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MANIFEST_STRICT = True

# Uploaded images (the Markdown editor's drag and drop).
CMS_UPLOAD_MAX_BYTES = int(os.environ.get("CMS_UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))
CMS_UPLOAD_MAX_PIXELS = int(os.environ.get("CMS_UPLOAD_MAX_PIXELS", str(40_000_000)))
CMS_UPLOAD_MAX_FRAMES = int(os.environ.get("CMS_UPLOAD_MAX_FRAMES", "1000"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440 * 2

# Importers (cms/importers/). The arXiv API's address, the pause arXiv asks for
# between requests, and how often a busy answer (503) is tried again.
CMS_ARXIV_API_URL = os.environ.get("CMS_ARXIV_API_URL", "https://export.arxiv.org/api/query")
CMS_ARXIV_DELAY_SECONDS = float(os.environ.get("CMS_ARXIV_DELAY_SECONDS", "3"))
CMS_ARXIV_RETRIES = int(os.environ.get("CMS_ARXIV_RETRIES", "3"))
# Chinese titles give pinyin slugs ("liang-hua-fang-fa"); off: an id or a hash instead.
CMS_PINYIN_SLUGS = env_bool("CMS_PINYIN_SLUGS", True)
FILE_UPLOAD_PERMISSIONS = 0o644

# django-markdownx: its preview uses our sanitising renderer, and its views are
# replaced by permission-checked ones (see cms/editor.py).
MARKDOWNX_MARKDOWNIFY_FUNCTION = "cms.markdown.render_markdown"
MARKDOWNX_URLS_PATH = "/editor/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/editor/upload/"
MARKDOWNX_EDITOR_RESIZABLE = True

LOGIN_URL = "admin:login"

# Revisions: django-simple-history stores them; restoring is our own,
# editor-only view with a diff (cms/admin/revisions.py).
SIMPLE_HISTORY_REVERT_DISABLED = True
# Signed preview links for unpublished entries expire after this many seconds.
CMS_PREVIEW_MAX_AGE = int(os.environ.get("CMS_PREVIEW_MAX_AGE", str(3 * 24 * 3600)))

# The JSON API (cms/api): Django REST framework, JSON only (no browsable API),
# token authentication for writes, an OpenAPI schema from drf-spectacular.
# Webhooks (cms/webhooks) are delivered in the background by django-tasks with
# its database backend; moving to Django 6's django.tasks is a settings change.
INSTALLED_APPS += [
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "cms.webhooks",
]
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

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)
    if env_bool("DJANGO_BEHIND_TLS_PROXY", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# --- Security headers and login throttling (SECURITY.md) ---------------------
# Content-Security-Policy (django-csp 4 format). Nothing of ours runs inline:
# site, admin, markdownx editor and API docs load scripts and styles from
# files, and JSON-LD is a data block that script-src does not govern, so both
# script-src and style-src are 'self' only. Images may come from any https
# address (entry bodies may show images hosted elsewhere; they cannot run
# code) and from data: URLs, which Swagger UI's stylesheet uses for its icons.
from csp.constants import NONE, SELF  # noqa: E402

INSTALLED_APPS += ["csp", "axes"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "https:", "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# django-axes: after CMS_LOGIN_FAILURE_LIMIT failed logins for one user name
# from one address, that pair is refused (HTTP 429, cms/login_guard.py)
# for CMS_LOGIN_COOLOFF_MINUTES. A successful login resets the count. Keying on
# the pair means an attacker elsewhere cannot lock a named editor out.
# Administrators unlock in the admin (Axes → Access attempts, delete) or with
# `python manage.py axes_reset_username <name>` / `axes_reset`.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE += ["csp.middleware.CSPMiddleware", "axes.middleware.AxesMiddleware"]
AXES_FAILURE_LIMIT = int(os.environ.get("CMS_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("CMS_LOGIN_COOLOFF_MINUTES", "15")))
# Per user name and address, and per address across user names at its own
# limit (cms.login_guard.LoginGuardHandler), so one address cannot spray guesses.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]
AXES_HANDLER = "cms.login_guard.LoginGuardHandler"
CMS_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("CMS_LOGIN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.login_guard.locked_out"
# The client address is REMOTE_ADDR, never a header the client can write;
# behind the TLS proxy, the address that proxy appended to X-Forwarded-For.
CMS_BEHIND_PROXY = env_bool("DJANGO_BEHIND_TLS_PROXY", False)
AXES_CLIENT_IP_CALLABLE = "cms.login_guard.client_address"
# The API's throttles count clients the same way; left unset, DRF would key
# them on the whole X-Forwarded-For header, so a forged one earned a fresh budget.
REST_FRAMEWORK["NUM_PROXIES"] = 1 if CMS_BEHIND_PROXY else 0

# --- Media storage and the shared page cache (README "Deploy", issue 24) -----
# DJANGO_MEDIA_STORAGE=s3 keeps uploads in the bucket DJANGO_MEDIA_BUCKET, under
# the key prefix DJANGO_MEDIA_PREFIX (django-storages). boto3 reads the endpoint
# (AWS_ENDPOINT_URL), region and credentials from the environment itself.
# Entries still link /media/… and the site serves those paths from the bucket,
# so CMS_SERVE_MEDIA defaults to on; nginx caches them (deploy/nginx).
CMS_MEDIA_STORAGE = os.environ.get("DJANGO_MEDIA_STORAGE", "filesystem").strip().lower()
if CMS_MEDIA_STORAGE == "s3":
    if not os.environ.get("DJANGO_MEDIA_BUCKET"):
        raise ImproperlyConfigured("Set DJANGO_MEDIA_BUCKET when DJANGO_MEDIA_STORAGE is s3.")
    STORAGES["default"] = {
        "BACKEND": "cms.media.SiteMediaS3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["DJANGO_MEDIA_BUCKET"],
            "location": os.environ.get("DJANGO_MEDIA_PREFIX", "media").strip("/"),
            "file_overwrite": False,
        },
    }
    CMS_SERVE_MEDIA = env_bool("CMS_SERVE_MEDIA", True)
elif CMS_MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(
        f"DJANGO_MEDIA_STORAGE is {CMS_MEDIA_STORAGE!r}; use filesystem (the default) or s3."
    )
# REDIS_URL (redis://host:6379/0) shares one cache between every gunicorn worker
# and every machine: rendered pages (the "pages" alias, cms/page_cache.py) and
# the API's throttle counts. Invalidation needs nothing more: the content token
# that keys every cached page lives in the database.
if os.environ.get("REDIS_URL"):
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"digest-{alias}",
        }
        for alias in ("default", "pages")
    }
