"""Settings shared by every environment.

Every value that changes between deployments is read from the environment, as
the table in README.md ("Configuration") lists. ``dev.py`` and ``production.py``
only change defaults; they never hard-code a deployment.
"""

import base64
import hashlib
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name, default)
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if urlsplit(SITE_URL).scheme not in {"http", "https"}:
    raise ImproperlyConfigured("SITE_URL must start with http:// or https://")
WAGTAILADMIN_BASE_URL = SITE_URL
CSRF_TRUSTED_ORIGINS = [SITE_URL]
# A plain page that says nothing was saved and links back to the form.
CSRF_FAILURE_VIEW = "socialcarefuture.views.csrf_failure"

# Application definition

INSTALLED_APPS = [
    "socialcarefuture",
    "socialcarefuture.confirmations",
    "socialcarefuture.mailing_list",
    "socialcarefuture.security",
    "socialcarefuture.publishing",
    "blog",
    "gatherings",
    "wordpress",
    "glimpses",
    "pledge",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    # Login throttling for every login form (see socialcarefuture/security/).
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # PostgreSQL full-text search for Wagtail's database search backend.
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files first, before anything that costs: WhiteNoise answers from
    # memory with files compressed at collectstatic (and leaves fonts and
    # pictures, which do not shrink, as they are; behind GZip they were gzipped
    # again on every request).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # HTML is small but phones on slow networks still feel every kilobyte.
    # (CSRF tokens are masked per response, so compression does not leak them.)
    "django.middleware.gzip.GZipMiddleware",
    # Serves stored copies of anonymous pages (outside the CSP and cache-header
    # middleware, so a stored page keeps its final headers; inside gzip).
    "socialcarefuture.page_cache.PageCacheMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Sits inside the CSP middleware (to relax the policy for the Wagtail admin)
    # and outside the session, CSRF and message middleware (so that it sees every
    # cookie they set before deciding whether a response may be cached).
    "socialcarefuture.middleware.SecurityHeadersMiddleware",
    "socialcarefuture.middleware.PlainErrorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "socialcarefuture.urls"

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
                "socialcarefuture.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "socialcarefuture.wsgi.application"

# Database: PostgreSQL in production and CI, a SQLite file for a local preview.

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several threads of the dev server (and the browser tests' live server)
    # write at once; wait for the lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches: a shared Redis when REDIS_URL is set (several app servers), else
# local memory (one process).

REDIS_URL = os.environ.get("REDIS_URL", "")
# The page cache (socialcarefuture/page_cache.py): how long a rendered anonymous
# page is served as it is; 0 turns the page cache off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# How long a kept part of a page (socialcarefuture/fragments.py) may be used
# when nothing is published; 0 draws every part afresh.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "300"))
PAGE_CACHE_DIR = Path(os.environ.get("PAGE_CACHE_DIR", BASE_DIR / ".page-cache"))
if REDIS_URL:
    # A Redis outage makes pages slower, never error pages (socialcarefuture/cache.py).
    # Redis answers in well under a millisecond; a second means it is not there.
    _redis_options = {"socket_connect_timeout": 1, "socket_timeout": 1}
    CACHES = {
        "default": {
            "BACKEND": "socialcarefuture.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "scf",
            "TIMEOUT": 300,
            "OPTIONS": _redis_options,
        },
        "pages": {
            "BACKEND": "socialcarefuture.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "scf-pages",
            "OPTIONS": _redis_options,
        },
    }
    WAGTAIL_REDIRECTS_FILE_STORAGE = "cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "scf",
            "TIMEOUT": 300,
            # Room for the kept fragments (a card each, the footer form per page).
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        # Files, so that every worker process on the one server shares the pages
        # and a purge in one reaches the others.
        "pages": {
            "BACKEND": "socialcarefuture.page_cache.PageFileCache",
            "LOCATION": str(PAGE_CACHE_DIR),
            "OPTIONS": {"MAX_ENTRIES": 5000, "CULL_FREQUENCY": 4},
        },
    }

# Logins: every login form is throttled (django-axes; socialcarefuture/security/).
AUTHENTICATION_BACKENDS = [
    "socialcarefuture.security.logins.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# A username-and-address pair is locked out after this many failed attempts...
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
# ...for this long (or until a convenor lifts it: Settings, Login lockouts).
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "socialcarefuture.security.logins.locked_out"
AXES_CLIENT_IP_CALLABLE = "socialcarefuture.security.logins.login_client_ip"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "socialcarefuture.security.logins.login_username"
# No row per successful login, and no start-up chatter; lockouts log their own line.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False
# The login for restricted pages (/_util/login/) goes home when there is no ?next=.
LOGIN_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: British English, UK time.

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files and media

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "socialcarefuture.static_bundle.BundleFinder",
]
# The stylesheets every page uses, joined in this order into css/bundle.css
# (socialcarefuture/static_bundle.py), so a page waits for one file, not one per app.
CSS_BUNDLE = [
    "css/site.css",
    "css/blog.css",
    "css/signup.css",
    "css/gatherings.css",
    "css/glimpses.css",
    "css/pledge.css",
    "css/easy_read.css",
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Let Django serve MEDIA_ROOT itself: on for a local preview; in production only
# for a single server with no proxy in front (a proxy or S3 does it better).
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Shared media for several app servers: any S3-compatible bucket.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
MEDIA_ORIGIN = ""
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    }
    _media_host = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or os.environ.get(
        "AWS_S3_ENDPOINT_URL", "https://*.amazonaws.com"
    )
    MEDIA_ORIGIN = _media_host if "://" in _media_host else f"https://{_media_host}"
    # Documents keep going through Wagtail's serve view so that private
    # collections stay private.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email: Django 6.1's MAILERS, filled from the EMAIL_* variables in the contract.

DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Social Care Future <hello@socialcarefuture.org.uk>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def mailer_from_environment(default_backend):
    backend = os.environ.get("EMAIL_BACKEND") or default_backend
    options = {}
    if backend.endswith("filebased.EmailBackend"):
        options["file_path"] = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
    elif backend.endswith("smtp.EmailBackend"):
        use_tls = env_bool("EMAIL_USE_TLS", False)
        options = {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT") or (587 if use_tls else 25)),
            "use_tls": use_tls,
            "timeout": int(os.environ.get("EMAIL_TIMEOUT", "20")),
        }
        if os.environ.get("EMAIL_HOST_USER"):
            options["username"] = os.environ["EMAIL_HOST_USER"]
            options["password"] = os.environ.get("EMAIL_HOST_PASSWORD", "")
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


MAILERS = mailer_from_environment("django.core.mail.backends.console.EmailBackend")

# Background tasks: one TASKS setting serves django.tasks (our tasks) and the
# django_tasks backport that Wagtail uses for its own work.

TASK_BACKENDS = {
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "dummy": "django.tasks.backends.dummy.DummyBackend",
}


def tasks_from_environment(default):
    name = os.environ.get("TASKS_BACKEND", default)
    if name not in TASK_BACKENDS:
        raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}, not {name!r}")
    return {"default": {"BACKEND": TASK_BACKENDS[name], "QUEUES": ["default", "email"]}}


TASKS = tasks_from_environment("database")

# Security headers (more in production.py)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Public pages carry no inline script or style, so the policy needs no nonce
# and pages stay cacheable. Video embeds may frame the two providers we allow.
VIDEO_FRAME_SOURCES = [
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com",
    "https://player.vimeo.com",
]
# The one inline script: it marks the page as having JavaScript before the
# first paint, so the phone menu does not jump. It is allowed by its hash, which
# keeps pages free of per-request nonces (and so cacheable).
HEAD_SCRIPT = 'document.documentElement.className += " js";'
HEAD_SCRIPT_HASH = f"'sha256-{base64.b64encode(hashlib.sha256(HEAD_SCRIPT.encode()).digest()).decode()}'"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, HEAD_SCRIPT_HASH],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"] + ([MEDIA_ORIGIN] if MEDIA_ORIGIN else []),
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-src": VIDEO_FRAME_SOURCES,
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# The Wagtail admin still uses inline scripts and styles, and shows previews of
# our pages in a same-origin frame. It gets a looser policy, on its paths only.
ADMIN_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE, CSP.UNSAFE_EVAL],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"] + ([MEDIA_ORIGIN] if MEDIA_ORIGIN else []),
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-src": [CSP.SELF] + VIDEO_FRAME_SOURCES,
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
ADMIN_PATH_PREFIXES = ("/admin/",)

# How long shared caches (a CDN) may keep an anonymous page, in seconds.
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "300"))

# Public forms: per-address rate limits (RATELIMIT_ENABLE=0 turns them off).
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
# How many proxies (load balancer, CDN) add themselves to X-Forwarded-For in
# front of the app; the limiter takes the client's address from that header.
# 0 means REMOTE_ADDR is the client.
RATELIMIT_TRUSTED_PROXIES = int(os.environ.get("RATELIMIT_TRUSTED_PROXIES", "0"))
# Where the counts live, shared by every worker and app server: Redis when
# REDIS_URL is set, else the database (one atomic statement per hit).
RATELIMIT_STORE = os.environ.get("RATELIMIT_STORE") or ("redis" if REDIS_URL else "database")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Links in emails carry tokens in their path: every line is masked first.
    "filters": {"mask_tokens": {"()": "socialcarefuture.security.logs.MaskTokensFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_tokens"]},
        "requests": {
            "class": "logging.StreamHandler",
            "filters": ["mask_tokens"],
            "formatter": "requests",
        },
    },
    "formatters": {
        "requests": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO").upper()},
    "loggers": {
        # runserver's request lines (replaces Django's own handler, unmasked).
        "django.server": {"handlers": ["requests"], "level": "INFO", "propagate": False},
        "django.request": {"level": "ERROR"},
        # Task and publishing chatter is useful while debugging, noise otherwise.
        "django.tasks": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # django-axes logs every failed login; ours logs one line per lockout.
        "axes": {"level": "ERROR"},
    },
}

# Wagtail

WAGTAIL_SITE_NAME = "Social Care Future"
WAGTAILIMAGES_IMAGE_MODEL = "socialcarefuture.CustomImage"
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "svg", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "rtf", "txt", "xlsx", "pptx", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# The search log behind the promotions report: at most this many terms counted
# a day (socialcarefuture.views.record_search), and hits kept this many days
# (manage.py searchpromotions_garbage_collect, daily).
SEARCH_LOG_TERMS_PER_DAY = int(os.environ.get("SEARCH_LOG_TERMS_PER_DAY", "200"))
WAGTAILSEARCH_HITS_MAX_AGE = int(os.environ.get("SEARCH_LOG_KEEP_DAYS", "30"))
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# Embeds are made responsive by CSS (aspect-ratio); Wagtail's wrapper uses an
# inline style, which the Content-Security-Policy forbids.
WAGTAILEMBEDS_RESPONSIVE_HTML = False
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]},
    }
}

# Publishing for convenors (socialcarefuture/publishing/, README "Editing the site")
# No Gravatar: the admin shows Wagtail's own picture instead of asking a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Emails about approvals (plain text) come from the site's own address.
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
# Personal records answer 403 to anyone without a permission on them.
MIDDLEWARE += ["socialcarefuture.publishing.middleware.PersonalRecordsMiddleware"]
