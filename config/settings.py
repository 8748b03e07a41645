"""Roundtable Academy settings: one module, every difference between machines comes
from the environment (see README "Configuration")."""

import os
from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)

# Used only while DEBUG is on; production refuses to start without SECRET_KEY.
_DEVELOPMENT_ONLY_KEY = "dev-only-roundtable-academy-key-never-use-in-production-0123"
SECRET_KEY = env.str("SECRET_KEY", default=_DEVELOPMENT_ONLY_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0.")

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
# Open Badges 3.0: the issuer's name and its P-256 private key (PEM; "\n" escapes
# allowed). Without a key, DEBUG makes one in var/; production must set it.
CREDENTIAL_ISSUER_NAME = env.str("CREDENTIAL_ISSUER_NAME", default="Roundtable Academy")
CREDENTIAL_SIGNING_KEY = env.str("CREDENTIAL_SIGNING_KEY", default="").replace(
    "\\n", "\n"
)
# Routes /bench/bare/, the yardstick of `make bench`; off everywhere else.
BENCH_BARE_VIEW = env.bool("BENCH_BARE_VIEW", default=False)

INSTALLED_APPS = [
    # Our layers, bottom to top.
    "core",
    "content",
    "training",
    "simulations",
    "certification",
    # Wagtail
    "wagtail.contrib.settings",
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
    # Accounts
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Security headers
    "csp",
    # Background work
    "django_q",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "core.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.HostileInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "training.middleware.PersonLanguageMiddleware",
    "training.middleware.StaffMFARequiredMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "training.context_processors.roles",
                "core.context_processors.csrf",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes; IMMEDIATE
    # transactions avoid "database is locked" on upgrade from read to write.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A connection is kept between requests on both databases: on SQLite, opening one
# and running its PRAGMAs costs more than serving a kept lesson page.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and task broker --------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Falls back to per-process memory while Redis is down (core/cache.py).
    CACHES = {
        "default": {
            "BACKEND": "core.cache.FallbackRedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    # A file cache is shared by the web server and the task worker on one machine.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.str("CACHE_DIR", default=str(BASE_DIR / "var" / "cache")),
            # Sessions and kept page parts live here too: room for a few thousand
            # people before the cache starts evicting (Django's default is 300).
            "OPTIONS": {"MAX_ENTRIES": env.int("CACHE_MAX_ENTRIES", default=20000)},
        }
    }

# Sessions are read from the cache and written through to the database, so a signed-in
# request costs no session query once warm, and a cache outage or restart loses none.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

Q_CLUSTER = {
    "name": "roundtable",
    "workers": env.int("Q_WORKERS", default=2),
    "timeout": 300,
    "retry": 360,  # must exceed timeout or a task runs twice
    "max_attempts": 3,
    "catch_up": False,  # a missed daily sweep runs once, not once per missed day
    "save_limit": 250,
    "time_zone": env.str("TIME_ZONE", default="America/Chicago"),
    "label": _("Background tasks"),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
    # Tasks enqueued while Redis is down wait in the database (core/broker.py).
    Q_CLUSTER["broker_class"] = "core.broker.RedisWithDatabaseFallback"
else:
    Q_CLUSTER["orm"] = "default"
HEARTBEAT_MAX_AGE_SECONDS = env.int("HEARTBEAT_MAX_AGE_SECONDS", default=180)
# A bearer token that lets monitoring see health details (staff always may).
HEALTH_TOKEN = env.str("HEALTH_TOKEN", default="")

# --- Accounts ---------------------------------------------------------------------
AUTH_USER_MODEL = "training.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
_VALIDATORS = "django.contrib.auth.password_validation."
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": _VALIDATORS + name}
    for name in (
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    )
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_ADAPTER = "training.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env.str(
    "ACCOUNT_EMAIL_VERIFICATION", default="optional" if DEBUG else "mandatory"
)
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Roundtable Academy] "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "signup": "20/m/ip",
}
OPEN_SIGNUP = env.bool("OPEN_SIGNUP", default=False)
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=14)
# A co-trainer's home lists cohort members with no learning progress for this long.
STUCK_AFTER_DAYS = env.int("STUCK_AFTER_DAYS", default=14)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Roundtable Academy"
# Program staff must enrol TOTP. Demo accounts are spared only while DEBUG is on.
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=True)
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="roundtable-demo")
DEMO_EMAIL_DOMAIN = "example.org"

# --- Wagtail ------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Roundtable Academy"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "pptx", "txt", "xlsx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILUSERS_PASSWORD_ENABLED = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Email --------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Roundtable Academy <no-reply@roundtable.invalid>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Optional: a provider's HTTP API instead of SMTP, through django-anymail. Set
# ANYMAIL_PROVIDER (mailgun, postmark, sendgrid, amazon_ses, brevo, …) and the
# provider's settings as ANYMAIL_<SETTING>, e.g. ANYMAIL_POSTMARK_SERVER_TOKEN.
ANYMAIL_PROVIDER = env.str("ANYMAIL_PROVIDER", default="")
if ANYMAIL_PROVIDER:
    if not ANYMAIL_PROVIDER.replace("_", "").isalnum():
        raise ImproperlyConfigured("ANYMAIL_PROVIDER is a name such as 'postmark'.")
    INSTALLED_APPS.append("anymail")
    EMAIL_BACKEND = f"anymail.backends.{ANYMAIL_PROVIDER}.EmailBackend"
    ANYMAIL = {
        name.removeprefix("ANYMAIL_"): value
        for name, value in os.environ.items()
        if name.startswith("ANYMAIL_") and name != "ANYMAIL_PROVIDER"
    }
# Every email is written to the outbox table in the transaction that caused it and
# delivered by the task worker through EMAIL_DELIVERY_BACKEND (core.mail).
EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND  # noqa: F821 (set by EMAIL_CONFIG above)
EMAIL_BACKEND = "core.mail.OutboxBackend"

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "en-us"
# Each language by its own name, so anyone can find theirs in the switcher.
LANGUAGES = [("en", "English"), ("es", "Español")]
TIME_ZONE = env.str("TIME_ZONE", default="America/Chicago")
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media -----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(BASE_DIR / "media"))
# Uploads (documents, images) live on the file system unless a bucket is named:
# then in any S3-compatible store (AWS, MinIO, Ceph, DigitalOcean, Scaleway, …)
# through django-storages, shared by every web and worker host. The bucket stays
# private: files are handed out through signed links that expire.
S3_BUCKET = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if S3_BUCKET:
    _UPLOADS = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "location": env.str("AWS_LOCATION", default="media"),
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=True),
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", default=3600),
            "default_acl": None,  # the bucket's own policy decides
            "file_overwrite": False,  # a second upload of "plan.pdf" keeps both
        },
    }
else:
    _UPLOADS = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
# Documents are served through Wagtail's view, which checks collection privacy:
# streamed by Django from the file system, or a redirect to a signed bucket link.
WAGTAILDOCS_SERVE_METHOD = "redirect" if S3_BUCKET else "serve_view"
# On the file system, Django serves image files itself (never documents, which
# only go through the view above) unless the reverse proxy serves /media/images/.
SERVE_MEDIA_IMAGES = not S3_BUCKET and env.bool("SERVE_MEDIA_IMAGES", default=True)
STORAGES = {
    "default": _UPLOADS,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Security (strict unless DEBUG) -------------------------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)

# --- Reverse proxy --------------------------------------------------------------
# Which address is the client's (core/net.py): either a header the proxy always
# overwrites (CLIENT_IP_HEADER=X-Real-IP) or the number of proxies in front of us,
# each appending to X-Forwarded-For (TRUSTED_PROXY_COUNT=1 behind one nginx).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")
RATELIMIT_IP_META_KEY = "core.net.client_ip"
# Trust the proxy's word on HTTPS only when told which header carries it, e.g.
# SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto (value "https").
_PROTO_HEADER = env.str("SECURE_PROXY_SSL_HEADER", default="")
if _PROTO_HEADER:
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _PROTO_HEADER.upper().replace("-", "_"),
        "https",
    )
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
    "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail marks its preview views same-origin itself

# --- Logs and errors ----------------------------------------------------------------
# JSON lines on stdout in production (LOG_FORMAT=json), readable lines in development.
# Every record carries the request id, user id and path (core/logs.py).
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
# --- Content-Security-Policy (django-csp 4) ------------------------------------
# No inline script or style on our pages: every script and style sheet is a file
# under static/. Images may also come from the upload bucket, videos from the
# embed providers lessons use. The Wagtail and Django admins get a relaxed policy
# (core.middleware.ContentSecurityPolicyMiddleware): Wagtail's editor still relies
# on inline scripts and styles.
_MEDIA_ORIGINS = env.list("CSP_MEDIA_ORIGINS", default=[])
if S3_BUCKET:
    _s3 = STORAGES["default"]["OPTIONS"]
    if _s3["custom_domain"]:
        _MEDIA_ORIGINS.append(f"https://{_s3['custom_domain']}")
    elif _s3["endpoint_url"]:
        _MEDIA_ORIGINS.append(_s3["endpoint_url"].rstrip("/"))
    else:
        _MEDIA_ORIGINS.append(f"https://{S3_BUCKET}.s3.amazonaws.com")
        _MEDIA_ORIGINS.append("https://*.s3.amazonaws.com")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_MEDIA_ORIGINS],
        "media-src": [SELF, *_MEDIA_ORIGINS],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
        ],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
CSP_ADMIN_PATHS = ("/admin/", "/django-admin/")
CSP_ADMIN_REPLACE = {
    "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", "https:"],
    "frame-src": [SELF, "https:"],
    "frame-ancestors": [SELF],  # the page preview is an iframe of the admin
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "core.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "core.logs.JsonFormatter"},
        "text": {
            "format": "%(asctime)s %(levelname)-7s %(name)s [%(request_id)s] "
            "%(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        **{
            name: {"level": "WARNING"}
            for name in ("django_q", "django_tasks", "wagtail", "modelsearch")
        },
        # runserver prints its own request lines in development.
        "roundtable.request": {"level": "INFO" if not DEBUG else "WARNING"},
    },
}

# Error reports go to Sentry (or a compatible service) when SENTRY_DSN is set.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    # Imported only where error reports are wanted.
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        send_default_pii=False,  # no emails or addresses of people in care work
    )
