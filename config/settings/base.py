"""Settings shared by every environment.

Everything a deployer changes comes from an environment variable with a safe local default:
SQLite, the database search backend and the console email backend.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE as csp_nonce
from django.utils.translation import gettext_lazy as _

from config.env import cache_settings, email_settings, search_backends

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SITE_DIR = BASE_DIR / "site"
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "home",
    "resources",
    "events",
    "newsletter",
    "search",
    "django_tasks",
    "django_tasks_db",
    "django_ratelimit",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.forms",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a refused sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Content-Security-Policy (django-csp; docs/security.md "Content-Security-Policy"): scripts,
# styles and everything else from the site itself only; no inline script anywhere. Embedded
# videos come from the few players below plus CSP_FRAME_SRC; images from elsewhere (a media
# storage on another host, say) need CSP_IMG_SRC. Both are space-separated origins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *os.environ.get("CSP_IMG_SRC", "").split()],
        "frame-src": [
            "'self'",
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
            "https://www.dailymotion.com",
            "https://geo.dailymotion.com",
            *os.environ.get("CSP_FRAME_SRC", "").split(),
        ],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    }
}
# What the Wagtail admin (/admin/, page previews included) needs on top: a nonce for the few
# inline scripts of its panels and widgets (templates overridden in site/templates/wagtailadmin),
# and inline style attributes, which its templates and JavaScript use throughout.
CSP_ADMIN_UPDATE = {
    "script-src": ["'self'", csp_nonce],
    "style-src": ["'self'", "'unsafe-inline'"],
}
# Avatars from the site only, not from gravatar.com.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_chrome",
            ],
            "libraries": {"admin_csp": "config.csp"},
        },
    },
]

# Form widgets are rendered by TEMPLATES, so that site/templates can override Wagtail's.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # A transaction takes the write lock when it begins: one that read first and then
        # wants to write would otherwise fail at once when another process is writing.
        "transaction_mode": "IMMEDIATE",
        # Seconds a writer waits for another one before giving up.
        "timeout": 20,
        # With the write-ahead log (set by migrate: ``home.apps``), a commit need not wait for
        # the disk; a crash of the process loses nothing, a power cut the last commits at most.
        # Reads through a memory map of the file (up to 256 MiB), shared by every connection,
        # instead of a copy of each page read into each connection's small cache: the library's
        # counting statement visits thousands of rows (docs/search.md).
        "init_command": "PRAGMA synchronous=NORMAL; PRAGMA mmap_size=268435456",
        **DATABASES["default"].get("OPTIONS", {}),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = {
        # No JIT compilation: the search page's counting statement is estimated at 20,000 at
        # 10,000 items and grows with the library; past jit_above_cost (100,000) compiling it
        # adds 45-110 ms to a statement that runs in about 60 ms.
        "options": "-c jit=off",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sign-in lockout (django-axes, docs/security.md "Admin login and lockout"): after
# AXES_FAILURE_LIMIT wrong passwords for one username from one IP address, that pair is refused
# for AXES_COOLOFF_MINUTES. By the pair, so that nobody can lock an editor out from elsewhere by
# typing their username.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=float(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.lockout.lockout_response"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: French first, English second.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Territoires en Commun"
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = search_backends(os.environ.get("SEARCH_URL", ""))
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "xlsx", "zip", "txt"]
# Documents only through Wagtail's view, which checks their collection's privacy: the web server
# never serves the documents directory (docs/security.md, "Media and documents").
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# No SVG: a script inside one would run from the site's origin.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
# Larger documents are refused by the admin's upload forms (the reverse proxy's own body limit,
# e.g. nginx's client_max_body_size, must be at least as large).
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(float(os.environ.get("DOCUMENT_MAX_UPLOAD_MB", "20")) * 1024**2)
WAGTAILDOCS_DOCUMENT_FORM_BASE = "config.documents.DocumentForm"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = None
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
TAGGIT_CASE_INSENSITIVE = True

REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

vars().update(email_settings(os.environ.get("EMAIL_URL", "")))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Territoires en Commun <newsletter@territoires-en-commun.fr>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Newsletter sending (see docs/newsletter.md): messages per second per worker (0: no limit).
NEWSLETTER_MAX_PER_SECOND = float(os.environ.get("NEWSLETTER_MAX_PER_SECOND", "0"))
NEWSLETTER_BASE_URL = os.environ.get("NEWSLETTER_BASE_URL", "")
NEWSLETTER_UNSUBSCRIBE_MAILTO = os.environ.get("NEWSLETTER_UNSUBSCRIBE_MAILTO", "")

# Django's cache (docs/caching.md): local memory by default (one process: development, tests),
# the database or Redis with CACHE_URL. The site chrome and the public forms' rate limits use it,
# so a production site with several processes needs a shared one (docs/security.md).
CACHES = cache_settings(os.environ.get("CACHE_URL", ""))
RATELIMIT_USE_CACHE = "default"
# Behind a reverse proxy REMOTE_ADDR is the proxy: name the header the proxy sets (for instance
# HTTP_X_REAL_IP); it must be one the proxy overwrites, or clients could pick their own address.
RATELIMIT_IP_META_KEY = os.environ.get("RATELIMIT_IP_META_KEY") or None
SILENCED_SYSTEM_CHECKS = [
    # Django's own Redis backend increments atomically; django-ratelimit only knows other ones.
    "django_ratelimit.W001",
    # Local memory is per process: right for one development process (docs/security.md).
    *(["django_ratelimit.E003"] if CACHES["default"]["BACKEND"].endswith("LocMemCache") else []),
]


def _rate(name, default):
    return os.environ.get(f"RATE_LIMIT_{name}", default)


# Search statistics (popular queries, queries without results): how many searches one IP address
# may count, so one client cannot fill the tables with made-up queries. Beyond it the search
# still answers; it is just not counted.
SEARCH_STATISTICS_RATE = _rate("SEARCH_STATISTICS", "60/h")

# Public forms: how many POSTs one IP address, and one email address (or one link's token), may
# make; "N/s", "N/m", "N/h" or "N/d". Beyond it the answer is a 429 page (docs/security.md).
# The unsubscribe IP limit is high: mail providers send RFC 8058 one-click POSTs for all their
# users from a few addresses.
PUBLIC_FORM_RATES = {
    "subscribe": {
        "ip": _rate("SUBSCRIBE_IP", "20/h"),
        "address": _rate("SUBSCRIBE_ADDRESS", "5/h"),
    },
    "confirm": {"ip": _rate("CONFIRM_IP", "60/h"), "address": _rate("CONFIRM_TOKEN", "10/h")},
    "preferences": {
        "ip": _rate("PREFERENCES_IP", "60/h"),
        "address": _rate("PREFERENCES_TOKEN", "20/h"),
    },
    # Wagtail's password forms of private pages and document collections, per restriction.
    "password": {
        "ip": _rate("PASSWORD_IP", "20/h"),
        "address": _rate("PASSWORD_RESTRICTION", "60/h"),
    },
    "unsubscribe": {
        "ip": _rate("UNSUBSCRIBE_IP", "600/m"),
        "address": _rate("UNSUBSCRIBE_TOKEN", "10/m"),
    },
}
# At most one confirmation email per address in this many seconds.
NEWSLETTER_CONFIRM_INTERVAL = int(os.environ.get("NEWSLETTER_CONFIRM_INTERVAL", "600"))

# Background tasks (django-tasks). Wagtail's own tasks (reference index, search index updates,
# image and file clean-up) stay on the immediate backend: they run in the editor's request, as
# before, and need no worker. Mail leaves through the database queue that `manage.py db_worker
# --backend mail` runs (docs/security.md).
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "mail": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
