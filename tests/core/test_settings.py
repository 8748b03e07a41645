"""Settings come from the environment; production values pass the deploy check."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "test-deploy-" + "k3y" * 20,
    "ALLOWED_HOSTS": "academy.example.org",
    "SITE_URL": "https://academy.example.org",
    "DEFAULT_FROM_EMAIL": "Roundtable Academy <no-reply@academy.example.org>",
}


def _run(args, extra_env, drop=("DATABASE_URL", "REDIS_URL")):
    # Browser tests in the same run allow async-unsafe calls; production never does.
    drop = (*drop, "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(extra_env)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings(extra_env, names):
    """The settings module alone, imported in a clean process: no app loading,
    which would cost seconds a call and tell these tests nothing."""
    code = (
        "import json; from django.conf import settings as s; "
        # Lazy strings print untranslated: translating would need the apps.
        f"values = {{n: getattr(s, n) for n in {names!r}}}; s.USE_I18N = False; "
        "print(json.dumps(values, default=str))"
    )
    result = _run(
        ["-c", code], {"DJANGO_SETTINGS_MODULE": "config.settings", **extra_env}
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_prints_no_warnings_with_production_values():
    result = _run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        PROD_ENV,
        drop=("REDIS_URL",),
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PROD_ENV, "SECRET_KEY": ""}
    result = _run(["manage.py", "check"], env)

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_default_database_is_sqlite_in_wal_mode_with_the_orm_broker():
    values = _settings({"DEBUG": "1"}, ["DATABASES", "Q_CLUSTER", "TIME_ZONE"])

    db = values["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert db["CONN_MAX_AGE"] == 60  # kept between requests, as on PostgreSQL
    assert values["Q_CLUSTER"]["orm"] == "default"
    assert "redis" not in values["Q_CLUSTER"]
    assert values["TIME_ZONE"] == "America/Chicago"


def test_database_url_and_redis_url_switch_to_postgresql_and_redis():
    values = _settings(
        {
            "DEBUG": "1",
            "DATABASE_URL": "postgres://u:p@db.internal:5432/academy",
            "REDIS_URL": "redis://cache.internal:6379/0",
        },
        ["DATABASES", "Q_CLUSTER", "CACHES"],
    )

    assert values["DATABASES"]["default"]["ENGINE"].endswith("postgresql")
    assert values["DATABASES"]["default"]["NAME"] == "academy"
    assert values["Q_CLUSTER"]["redis"] == "redis://cache.internal:6379/0"
    assert "orm" not in values["Q_CLUSTER"]
    assert values["CACHES"]["default"]["BACKEND"].endswith("RedisCache")


def test_production_mandates_email_verification_and_smtp():
    values = _settings(
        PROD_ENV, ["ACCOUNT_EMAIL_VERIFICATION", "EMAIL_DELIVERY_BACKEND", "DEBUG"]
    )

    assert values["DEBUG"] is False
    assert values["ACCOUNT_EMAIL_VERIFICATION"] == "mandatory"
    assert values["EMAIL_DELIVERY_BACKEND"].endswith("smtp.EmailBackend")


def test_development_sends_email_to_the_console():
    values = _settings(
        {"DEBUG": "1"}, ["EMAIL_DELIVERY_BACKEND", "ACCOUNT_EMAIL_VERIFICATION"]
    )

    assert values["EMAIL_DELIVERY_BACKEND"].endswith("console.EmailBackend")
    assert values["ACCOUNT_EMAIL_VERIFICATION"] == "optional"


def test_production_logs_json_and_development_readable_lines():
    prod = _settings(PROD_ENV, ["LOGGING"])["LOGGING"]
    dev = _settings({"DEBUG": "1"}, ["LOGGING"])["LOGGING"]

    assert prod["handlers"]["console"]["formatter"] == "json"
    assert prod["handlers"]["console"]["stream"] == "ext://sys.stdout"
    assert prod["loggers"]["roundtable.request"]["level"] == "INFO"
    assert dev["handlers"]["console"]["formatter"] == "text"


def test_the_proxy_is_trusted_about_https_only_when_configured():
    plain = _settings(PROD_ENV, ["SECURE_PROXY_SSL_HEADER", "TRUSTED_PROXY_COUNT"])
    proxied = _settings(
        {
            **PROD_ENV,
            "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
            "TRUSTED_PROXY_COUNT": "1",
        },
        ["SECURE_PROXY_SSL_HEADER", "TRUSTED_PROXY_COUNT"],
    )

    assert plain == {"SECURE_PROXY_SSL_HEADER": None, "TRUSTED_PROXY_COUNT": 0}
    assert proxied == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "TRUSTED_PROXY_COUNT": 1,
    }


def test_redis_url_brings_the_fallback_cache_and_the_parking_broker():
    values = _settings(
        {"DEBUG": "1", "REDIS_URL": "redis://cache.internal:6379/0"},
        ["Q_CLUSTER", "CACHES"],
    )

    assert values["CACHES"]["default"]["BACKEND"] == "core.cache.FallbackRedisCache"
    assert (
        values["Q_CLUSTER"]["broker_class"] == "core.broker.RedisWithDatabaseFallback"
    )


def test_sentry_dsn_turns_on_error_reporting_without_personal_data():
    code = (
        "import json; from django.conf import settings; settings.DEBUG; "
        "import sentry_sdk; "
        "c = sentry_sdk.get_client(); "
        "print(json.dumps([c.is_active(), c.dsn, c.options['send_default_pii'], "
        "c.options['environment']]))"
    )
    dsn = "https://public@o0.ingest.sentry.invalid/1"
    on = _run(
        ["-c", code],
        {"DJANGO_SETTINGS_MODULE": "config.settings", **PROD_ENV, "SENTRY_DSN": dsn},
    )
    off = _run(["-c", code], {"DJANGO_SETTINGS_MODULE": "config.settings", **PROD_ENV})

    assert on.returncode == 0, on.stderr
    assert json.loads(on.stdout.splitlines()[-1]) == [True, dsn, False, "production"]
    assert json.loads(off.stdout.splitlines()[-1])[0] is False


def test_check_deploy_warns_while_the_sender_is_the_invalid_placeholder():
    env = {k: v for k, v in PROD_ENV.items() if k != "DEFAULT_FROM_EMAIL"}
    result = _run(["manage.py", "check", "--deploy"], env, drop=("REDIS_URL",))

    assert "core.W001" in result.stdout + result.stderr
    assert "roundtable.invalid" in result.stdout + result.stderr


def test_every_email_goes_to_the_outbox_and_a_provider_api_is_optional():
    plain = _settings({}, ["EMAIL_BACKEND", "EMAIL_DELIVERY_BACKEND"])
    assert plain["EMAIL_BACKEND"] == "core.mail.OutboxBackend"
    assert plain["EMAIL_DELIVERY_BACKEND"].endswith("console.EmailBackend")

    provider = _settings(
        {
            "ANYMAIL_PROVIDER": "postmark",
            "ANYMAIL_POSTMARK_SERVER_TOKEN": "secret-token",
        },
        ["EMAIL_BACKEND", "EMAIL_DELIVERY_BACKEND", "ANYMAIL", "INSTALLED_APPS"],
    )
    assert provider["EMAIL_BACKEND"] == "core.mail.OutboxBackend"
    assert (
        provider["EMAIL_DELIVERY_BACKEND"] == "anymail.backends.postmark.EmailBackend"
    )
    assert provider["ANYMAIL"] == {"POSTMARK_SERVER_TOKEN": "secret-token"}
    assert "anymail" in provider["INSTALLED_APPS"]


def test_uploads_use_the_file_system_unless_a_bucket_is_named():
    names = ["STORAGES", "WAGTAILDOCS_SERVE_METHOD", "SERVE_MEDIA_IMAGES"]
    local = _settings({}, names)
    assert local["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")
    assert local["WAGTAILDOCS_SERVE_METHOD"] == "serve_view"
    assert local["SERVE_MEDIA_IMAGES"] is True

    bucket = _settings(
        {
            "AWS_STORAGE_BUCKET_NAME": "academy-uploads",
            "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
            "AWS_ACCESS_KEY_ID": "key",
            "AWS_SECRET_ACCESS_KEY": "secret",
        },
        names,
    )
    default = bucket["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    assert default["OPTIONS"]["bucket_name"] == "academy-uploads"
    assert default["OPTIONS"]["endpoint_url"] == "https://s3.example.org"
    assert default["OPTIONS"]["querystring_auth"] is True
    assert bucket["WAGTAILDOCS_SERVE_METHOD"] == "redirect"
    assert bucket["SERVE_MEDIA_IMAGES"] is False
