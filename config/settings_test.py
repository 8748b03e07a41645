"""Test settings: the real settings, made fast and deterministic. DATABASE_URL and
REDIS_URL still apply, so the same suite runs on SQLite and on PostgreSQL + Redis."""

import os

os.environ.setdefault("DEBUG", "1")

from config.settings import *  # noqa: E402,F403
from config.settings import Q_CLUSTER, REDIS_URL  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
# The query-count tests count the session read as production pays it on a cold
# cache: the database engine (production reads sessions through the cache first).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Queued email is delivered (by the synchronous task) to mail.outbox.
EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STAFF_MFA_REQUIRED = True
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Search and reference indexing only where a test reads them (the search_index fixture).
TASKS = {"default": {"BACKEND": "tests.wagtail_tasks.DroppedTasks"}}

# A file, not memory, so `--reuse-db` (the default in pyproject.toml) keeps the
# migrated schema between runs; `pytest --create-db` rebuilds it. Each xdist worker
# gets its own file (pytest-django adds the worker's suffix).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _test_db = BASE_DIR / "var" / "test.sqlite3"  # noqa: F405
    _test_db.parent.mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.environ.get("TEST_SQLITE_PATH", str(_test_db))
    }

# A key for the tests' credentials only; never used anywhere else.
CREDENTIAL_SIGNING_KEY = """-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgjh33KVb12PItHOE2
8VOUZEe8EPp3kNT9wgcWZ99fjaehRANCAAShRX+gCM3dN0d74QjvVCOSjJuIwbne
OQ3q23dLlv51l80o5BaE/BMdNYnGv5aR/4uW6wFmwIqr/doldnF++N5Y
-----END PRIVATE KEY-----
"""
