"""Configuration from the environment: embedded defaults, and production refusing to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


SERVICES = (
    "print(s.DATABASES['default']['ENGINE']); print(s.CACHES['default']['BACKEND']); "
    "print(s.WAGTAILSEARCH_BACKENDS['default']['BACKEND']); print(s.DEBUG)"
)


def load_settings(module, show=SERVICES, **environ):
    """Import a settings module in a clean interpreter and run `show` on it (as `s`); returns (exit code, output).

    Only the settings are read, as a server's start-up reads them first; no app is loaded.
    """
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL"}
        and not k.startswith(("FRONTEND_CACHE", "CLOUDF"))
    }
    env.update(environ, DJANGO_SETTINGS_MODULE=module)
    code = f"from django.conf import settings as s; {show}"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    code, output = load_settings("website.settings.production", ALLOWED_HOSTS="news.example")
    assert code != 0
    assert "The environment variable SECRET_KEY is required in production and is not set." in output


def test_production_refuses_to_start_without_allowed_hosts():
    code, output = load_settings("website.settings.production", SECRET_KEY="s3cret")
    assert code != 0
    assert "ALLOWED_HOSTS is required in production" in output


def test_production_starts_with_both_and_debug_off():
    code, output = load_settings("website.settings.production", SECRET_KEY="s3cret", ALLOWED_HOSTS="news.example")
    assert code == 0, output
    assert output.split()[-1] == "False"


def test_a_fresh_machine_needs_nothing_installed():
    code, output = load_settings("website.settings.dev")
    assert code == 0, output
    engine, cache, search, debug = output.split()[-4:]
    assert engine == "django.db.backends.sqlite3"
    assert cache == "django.core.cache.backends.locmem.LocMemCache"
    assert search == "wagtail.search.backends.database"


@pytest.mark.parametrize(
    "variable, value, expected",
    [
        ("DATABASE_URL", "postgres://news@db.internal:5432/masthead", "django.db.backends.postgresql"),
        ("REDIS_URL", "redis://cache.internal:6379/1", "django_redis.cache.RedisCache"),
        ("ELASTICSEARCH_URL", "http://search.internal:9200", "wagtail.search.backends.elasticsearch9"),
    ],
)
def test_services_are_chosen_by_environment_variables(variable, value, expected):
    code, output = load_settings("website.settings.dev", **{variable: value})
    assert code == 0, output
    assert expected in output.split()


def frontend_caches(**environ):
    return load_settings(
        "website.settings.dev",
        show="[print(name, c['BACKEND'], c.get('LOCATION', c.get('ZONEID', c.get('DISTRIBUTION_ID')))) "
        "for name, c in s.WAGTAILFRONTENDCACHE.items()]",
        **environ,
    )


def test_no_http_cache_is_purged_unless_one_is_configured():
    assert frontend_caches() == (0, "")


def test_each_varnish_server_in_frontend_cache_urls_is_purged():
    code, output = frontend_caches(FRONTEND_CACHE_URLS="http://10.0.0.5:6081, http://10.0.0.6:6081")
    assert code == 0, output
    assert output.splitlines() == [
        "varnish0 caching.backends.VarnishBackend http://10.0.0.5:6081",
        "varnish1 caching.backends.VarnishBackend http://10.0.0.6:6081",
    ]


def test_cloudflare_and_cloudfront_are_purged_through_wagtails_backends():
    code, output = frontend_caches(
        CLOUDFLARE_ZONE_ID="zone-1", CLOUDFLARE_API_TOKEN="token", CLOUDFRONT_DISTRIBUTION_ID="E123"
    )
    assert code == 0, output
    assert output.splitlines() == [
        "cloudflare wagtail.contrib.frontend_cache.backends.CloudflareBackend zone-1",
        "cloudfront wagtail.contrib.frontend_cache.backends.CloudfrontBackend E123",
    ]


def test_a_cloudflare_zone_without_its_token_stops_start_up_naming_it():
    code, output = frontend_caches(CLOUDFLARE_ZONE_ID="zone-1")
    assert code != 0
    assert "CLOUDFLARE_API_TOKEN is required" in output
