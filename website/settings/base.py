"""Settings shared by every environment.

Everything that differs between a laptop and production comes from the
environment, with defaults that need nothing installed: an SQLite file, a
local-memory cache and Wagtail's database search backend.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from caching.fail_fast import FailFastConnection

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env(name, default=None):
    """The environment variable `name`, or `default` when unset or empty."""
    value = os.environ.get(name, "")
    return value if value.strip() else default


def required_env(name):
    """The environment variable `name`; a clear start-up error naming it when missing."""
    value = env(name)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} is required in production and is not set.")
    return value


INSTALLED_APPS = [
    "website",  # the site's own static files (favicon, stylesheets, scripts) and translations
    "serving",
    "caching",
    "home",
    "news",
    "search",
    "reader_comments",
    "corrections",
    "demo",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.sitemaps",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    # Background work (django-tasks); after wagtail.search, whose index signal handlers it replaces.
    "django_tasks",
    "django_tasks_db",
    "background",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "csp",
    "axes",
]

MIDDLEWARE = [
    # /healthz for the load balancer, answered before anything that could need the database or
    # refuse the probe (an unlisted Host, plain HTTP): see serving/health.py.
    "serving.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (readers' and the admin's) and Permissions-Policy. Above the cache
    # headers, so a page Varnish keeps carries the headers it was drawn with.
    "serving.security_headers.SecurityHeadersMiddleware",
    # TRACE refused, OPTIONS answered without running a view, HEAD sent without a body.
    "serving.http_methods.HttpMethodsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Tells Varnish or a CDN which responses it may keep, for how long, and which stories they show.
    "caching.headers.CacheHeadersMiddleware",
    "caching.sites.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Refuses sign-ins after too many failures (AXES_* below); last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Counts failed sign-ins and refuses a locked-out user and address before checking the password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "website.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                # `request.csp_nonce` for an inline script (see serving/security_headers.py).
                "csp.context_processors.nonce",
            ],
        },
    },
]

WSGI_APPLICATION = "website.wsgi.application"

# Database: DATABASE_URL (postgres://user@host:5432/name), else an SQLite file.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        # Each process keeps its connection for a minute rather than opening one per request;
        # CONN_HEALTH_CHECKS tests a kept connection before a request uses it, so after a database
        # restart the first request in each process reconnects instead of failing.
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DATABASE_VENDOR = DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
if DATABASE_VENDOR == "postgresql":
    # The database search backend uses PostgreSQL's full-text search through it.
    INSTALLED_APPS.append("django.contrib.postgres")
    # libpq waits for ever on a server that does not answer a connection; this bounds it (seconds).
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = int(env("DATABASE_CONNECT_TIMEOUT", "5"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: REDIS_URL (redis://127.0.0.1:6379/0), else per-process local memory.
REDIS_URL = env("REDIS_URL")


def redis_cache(url):
    """Django's cache on Redis at `url`, failing open: an outage or a hung Redis degrades to uncached work.

    Each call waits at most REDIS_TIMEOUT seconds, and after one fails the
    process leaves Redis alone for a few seconds (caching.fail_fast), so a
    Redis that accepts connections but stops answering costs a request a
    fraction of a second, not a stalled site.
    """
    timeout = float(env("REDIS_TIMEOUT", "0.25"))
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", "masthead"),
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": timeout,
            "SOCKET_TIMEOUT": timeout,
            "CONNECTION_POOL_KWARGS": {"connection_class": FailFastConnection},
        },
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "masthead",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }

# Rendered fragments of reader pages (story cards, pictures, the comment form), kept in each
# process's memory under keys made from the data they show, so they are never purged and a
# cache can never stall a page (see news.fragments). Bounded: the least used fall out first.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "masthead-fragments",
    "TIMEOUT": 24 * 60 * 60,
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

# Background work (background.tasks): search index writes, renditions, mail, partner imports and
# purges run as tasks. TASKS_BACKEND: "database" (django-tasks-db, the default: a table in
# DATABASE_URL, worked by `manage.py run_worker`), "rq" (RQ on Redis, the default when REDIS_URL
# is set; TASKS_REDIS_URL to use another Redis) or "immediate" (run at once in the process that
# queues them, as tests do).
TASKS_BACKEND = env("TASKS_BACKEND", "rq" if REDIS_URL else "database")
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    # DEFAULT_TIMEOUT: seconds RQ lets one task run before stopping it (a partner import is bounded far below).
    RQ_QUEUES = {
        "default": {"URL": env("TASKS_REDIS_URL", REDIS_URL) or required_env("REDIS_URL"), "DEFAULT_TIMEOUT": 900}
    }
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND is {TASKS_BACKEND!r}; use database, rq or immediate.")
# A task that fails is tried again after each of these pauses (seconds), then given up with an error in the log.
TASK_RETRY_DELAYS = tuple(int(s) for s in env("TASK_RETRY_SECONDS", "30,120,600").split(","))
# What `manage.py run_due_jobs` does every minute, in this order: each step's name (as the command
# reports it) and the function doing it, called with the time and returning how many things it did.
DUE_JOBS = {
    "scheduled stories published": "background.due.publish_due_stories",
    "stalled imports closed": "news.intake.jobs.close_stalled_imports",
    "scheduled imports started": "news.intake.jobs.start_due_imports",
    "owed purges queued": "caching.purge.queue_owed_purges",
    "dropped tasks queued again": "background.due.requeue_dropped_tasks",
}

# Search: Elasticsearch when ELASTICSEARCH_URL is set, else the database backend.
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL")
# The database backend's text search configuration on PostgreSQL (its language:
# stemming and stop words), named rather than left to the server's default, which
# depends on the locale the server was set up with. Run `update_index` after changing it.
SEARCH_TEXT_CONFIG = env("SEARCH_TEXT_CONFIG", "english")
DATABASE_SEARCH_BACKEND = {
    "BACKEND": "wagtail.search.backends.database",
    "SEARCH_CONFIG": SEARCH_TEXT_CONFIG,
}
if ELASTICSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.elasticsearch9",
            "URLS": [u.strip() for u in ELASTICSEARCH_URL.split(",") if u.strip()],
            "INDEX_PREFIX": env("ELASTICSEARCH_INDEX_PREFIX", "masthead_"),
            # Seconds a search or an index update may wait for the cluster. Saving a
            # page updates the index inline, so this bounds how long publishing can
            # wait on a cluster that accepts connections but does not answer.
            "TIMEOUT": int(env("ELASTICSEARCH_TIMEOUT", "5")),
            "OPTIONS": {},
            "INDEX_SETTINGS": {},
        },
        # Kept up to date beside Elasticsearch (every save writes to both), so
        # reader search and related lists can answer from it when the cluster fails.
        "database": DATABASE_SEARCH_BACKEND,
    }
else:
    WAGTAILSEARCH_BACKENDS = {"default": DATABASE_SEARCH_BACKEND}
# After Elasticsearch failed to answer, readers are served from the database
# backend for this many seconds before the cluster is tried again.
ELASTICSEARCH_RETRY_SECONDS = int(env("ELASTICSEARCH_RETRY_SECONDS", "30"))
# How long a story's related list is kept; a new story enters others' lists within this.
RELATED_ARTICLES_CACHE_SECONDS = int(env("RELATED_ARTICLES_CACHE_SECONDS", "300"))

# Anonymous pages: kept by the HTTP cache in front (Varnish, a CDN) for this long
# (s-maxage, seconds) and by browsers for PAGE_CACHE_BROWSER_SECONDS; publishing
# purges the affected pages at once (news.staleness, caching.purge).
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "300"))
PAGE_CACHE_BROWSER_SECONDS = int(env("PAGE_CACHE_BROWSER_SECONDS", "60"))

# The HTTP caches to purge, through Wagtail's frontend-cache backends: Varnish
# servers (FRONTEND_CACHE_URLS, comma-separated, e.g. http://10.0.0.5:6081), and/or
# Cloudflare or CloudFront. None configured: nothing to purge (development).
WAGTAILFRONTENDCACHE = {}
for _number, _url in enumerate(u.strip() for u in (env("FRONTEND_CACHE_URLS") or "").split(",") if u.strip()):
    WAGTAILFRONTENDCACHE[f"varnish{_number}"] = {"BACKEND": "caching.backends.VarnishBackend", "LOCATION": _url}
if env("CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env("CLOUDFLARE_ZONE_ID"),
        "BEARER_TOKEN": required_env("CLOUDFLARE_API_TOKEN"),
    }
if env("CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env("CLOUDFRONT_DISTRIBUTION_ID"),
    }
# A purge no cache confirmed is sent again until this many hours have passed; by
# then the copies it was meant to drop have expired (s-maxage plus Varnish's grace).
PURGE_GIVE_UP_HOURS = int(env("PURGE_GIVE_UP_HOURS", "24"))

# /healthz answers 503 when the database or the cache takes longer than this (seconds).
HEALTHZ_TIMEOUT = float(env("HEALTHZ_TIMEOUT", "2"))

# Reader comments: the request header (as in request.META, e.g. "HTTP_X_REAL_IP")
# in which the reverse proxy passes the reader's address to the rate limit.
COMMENTS_CLIENT_IP_HEADER = env("COMMENTS_CLIENT_IP_HEADER")
# Partner feed import: how long to wait for a partner's server (seconds), and the
# account command-line imports run as when no --user is given.
SYNDICATION_FETCH_TIMEOUT = float(env("SYNDICATION_FETCH_TIMEOUT", "10"))
SYNDICATION_IMPORT_USERNAME = env("SYNDICATION_IMPORT_USERNAME", "feed-import")

# Admin sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# username from one address, that username is refused from that address, whatever the password,
# for AXES_COOLOFF_MINUTES. The address is read as for comments (COMMENTS_CLIENT_IP_HEADER).
# Superusers unlock under Settings → Sign-in lockouts (serving/lockouts.py).
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "serving.lockouts.client_address"
AXES_LOCKOUT_CALLABLE = "serving.lockouts.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False  # Django's own admin is not installed; the Wagtail admin lists lockouts
AXES_VERBOSE = False

# Browser security headers (serving/security_headers.py). Reader pages may run only the site's
# own script files and scripts carrying the response's nonce (`request.csp_nonce`); the Wagtail
# admin writes inline scripts of its own, so /admin/ has a policy of its own.
_reader_policy = {
    "default-src": [SELF],
    "script-src": [SELF, NONCE],
    # Inline styles cannot run code; Wagtail's embeds and the editors' userbar write a few.
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:"],
    "font-src": [SELF],
    "connect-src": [SELF],
    "frame-src": ["https:"],  # video and other embeds in stories
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_reader_policy,
        "script-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:", "https:"],  # upload previews, avatars, embed thumbnails
        "font-src": [SELF, "data:"],
        "media-src": [SELF, "blob:"],
        "frame-src": [SELF, "https:"],  # the preview panel, embeds
        "worker-src": [SELF, "blob:"],
    }
}
_csp_report_uri = env("CSP_REPORT_URI")
if _csp_report_uri:
    _reader_policy["report-uri"] = _csp_report_uri
    ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = _csp_report_uri
# CSP_REPORT_ONLY=1: browsers report what the policy would block and block nothing (for trying
# a change to the policy on a live site first).
CONTENT_SECURITY_POLICY_REPORTS_ONLY = env("CSP_REPORT_ONLY", "0") == "1"
if CONTENT_SECURITY_POLICY_REPORTS_ONLY:
    CONTENT_SECURITY_POLICY = None
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _reader_policy}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _reader_policy}
    CONTENT_SECURITY_POLICY_REPORT_ONLY = None
# Features no page of the site uses, switched off for it and for anything it embeds.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"
# Other sites learn that a reader came from us (the origin), never which page they read.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The copy is British English; dates are written "5 December 2026, 05:21 GMT" on reader pages and
# in the admin alike (website/formats/en_GB/formats.py), in the newsroom's time zone (TIME_ZONE).
LANGUAGE_CODE = "en-gb"
FORMAT_MODULE_PATH = ["website.formats"]
TIME_ZONE = env("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Complex page models can exceed Django's default of 1000 fields per form.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Mail is queued (background.mail) and sent by the worker through EMAIL_DELIVERY_BACKEND (production: SMTP).
EMAIL_BACKEND = "background.mail.QueuedEmailBackend"
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "newsroom@masthead.local")

WAGTAIL_SITE_NAME = "Masthead"
# Review requests go to the Reviewers group (news.workflow), not to every superuser as well.
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
# Development only (home/views.py): DEBUG_404=1 shows Django's debug page instead of the site's "page not found".
DEBUG_404 = env("DEBUG_404", "0") == "1"
# `manage.py check` warns while the default Wagtail site is still localhost (home/checks.py); on in production.
CHECK_SITE_ADDRESS = False
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail 8's autosave is off: every autosave is a revision, so starting a story made a draft at once
# (its slug then blocked starting the same story again), review comparisons showed autosaves instead of
# what was submitted, and a go-live time typed into the schedule dialog was stored before "Save
# schedule". A save here is always a person's decision, and a stale one is refused (news.workflow.stale).
WAGTAIL_AUTOSAVE_INTERVAL = 0
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024  # bytes
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"avif": "avif", "webp": "webp"}
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The admin draws its own avatars rather than asking Gravatar, which would hand a third party a
# hash of each editor's email address on every admin page (and need it in the admin's CSP).
WAGTAIL_GRAVATAR_PROVIDER_URL = None

TAGGIT_CASE_INSENSITIVE = True

# Everything worth an operator's attention goes to stderr (gunicorn's error log, journald), one
# line per event with the request's method, path and status (serving/log_format.py): server
# errors and refused requests (django.request, django.security), the cache, search, background
# tasks, purges and sign-in lockouts. With SENTRY_DSN set, errors also go to Sentry (production).
LOG_LEVEL = env("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"one_line": {"()": "serving.log_format.OneLineFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "one_line"}},
    "loggers": {
        name: {"handlers": ["stderr"], "level": level, "propagate": False}
        for name, level in [
            ("masthead", LOG_LEVEL),
            # Server errors (5xx). Client errors are left to gunicorn's access log, except what
            # django.security reports (a Host not in ALLOWED_HOSTS, a tampered request).
            ("django.request", "ERROR"),
            ("django.security", "WARNING"),
            ("django_redis", "WARNING"),
            ("django_tasks", "WARNING"),  # a task that failed, with its exception
            ("wagtail.frontendcache", "WARNING"),
            ("wagtail.search", "WARNING"),
            ("modelsearch", "WARNING"),
            ("axes", "WARNING"),
        ]
    },
}
