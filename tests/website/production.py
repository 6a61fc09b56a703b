"""Running Masthead under production settings, in a clean interpreter, with the documented environment.

Production settings are read once, at start-up, from the environment; a test that wants to know
what production does runs a fresh interpreter with `website.settings.production` and the
variables the README's checklist names, never the test run's own settings.
"""

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The README's production checklist, step 1, with example values.
DOCUMENTED_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "website.settings.production",
    "SECRET_KEY": "kq3n-8Zr0vYt2xWp5LmQ7sHd4FjG6bNc1aEu9iOy_TkR3wVz0pXe5lMq8sDh2gJf7",
    "ALLOWED_HOSTS": "news.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://news.example.org",
    "DATABASE_URL": "postgres://masthead@db.internal:5432/masthead",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "EMAIL_URL": "smtp://newsroom:password@mail.internal:587",
    "DEFAULT_FROM_EMAIL": "newsroom@news.example.org",
    "WAGTAILADMIN_BASE_URL": "https://news.example.org",
}

# Variables of the test run that must not leak into a production interpreter.
_SCRUBBED_PREFIXES = ("DJANGO_", "DATABASE_", "REDIS_", "SECURE_", "CSP_", "AXES_", "SENTRY_", "ELASTICSEARCH_")


def production_environment(**overrides) -> dict:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(_SCRUBBED_PREFIXES)}
    environ.update(DOCUMENTED_ENVIRONMENT)
    environ.update(overrides)
    return {k: v for k, v in environ.items() if v is not None}


def run_python(code: str, timeout=120, apps=True, **overrides) -> subprocess.CompletedProcess:
    """`code` run by a fresh interpreter in the project, under production settings.

    After `django.setup()`, unless `apps` is false: code that only reads settings
    needs no app loaded, and loading them all takes seconds.
    """
    script = ("import django\ndjango.setup()\n" if apps else "") + code
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=production_environment(**overrides),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def manage(*args, timeout=120, **overrides) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=production_environment(**overrides),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


SECURITY_SETTINGS = (
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_REFERRER_POLICY",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "PERMISSIONS_POLICY",
)


@functools.cache
def production_security_settings() -> dict:
    return security_settings()


def apply_production_security(settings):
    """Gives the test's `settings` (pytest-django's fixture) production's HTTPS and header values."""
    for name, value in production_security_settings().items():
        setattr(settings, name, tuple(value) if isinstance(value, list) else value)


def security_settings(**overrides) -> dict:
    """The security settings production computes from the documented environment (plus `overrides`)."""
    done = run_python(
        "import json; from django.conf import settings as s\n"
        f"print(json.dumps({{name: getattr(s, name, None) for name in {SECURITY_SETTINGS!r}}}))",
        apps=False,
        **overrides,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])
