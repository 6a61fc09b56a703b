"""Production: every secret and host name comes from the environment.

SECRET_KEY and ALLOWED_HOSTS have no defaults here: starting without them
stops with an error naming the missing variable.
"""

from .base import *  # noqa: F401,F403
from .base import env, required_env

DEBUG = False
SECRET_KEY = required_env("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in required_env("ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405

# HTTPS. TLS is ended in front of gunicorn (a load balancer, nginx, hitch), which tells Django
# the reader's scheme in X-Forwarded-Proto; it must set that header itself, never pass on a
# reader's. Each part can be switched off for a site that ends TLS elsewhere in another way.
if env("SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO") != "off":
    SECURE_PROXY_SSL_HEADER = (env("SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO"), "https")
# Plain-HTTP requests are redirected to https:// (301). /healthz is answered before this.
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT", "1") == "1"
# Strict-Transport-Security: browsers use only HTTPS for the site (and its subdomains) for this
# many seconds. Preload lets the domain be submitted to browsers' built-in lists
# (hstspreload.org), which takes months to undo: switch it off unless that is intended.
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1") == "1"
SECURE_HSTS_PRELOAD = env("SECURE_HSTS_PRELOAD", "1") == "1"
SESSION_COOKIE_SECURE = env("SECURE_COOKIES", "1") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Errors to Sentry (or a Sentry-compatible tracker) when SENTRY_DSN is set; nothing is sent
# otherwise. No personal data (addresses, cookies, users) unless SENTRY_SEND_PII=1.
SENTRY_DSN = env("SENTRY_DSN")
if SENTRY_DSN:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=env("SENTRY_ENVIRONMENT", "production"),
        release=env("SENTRY_RELEASE"),
        traces_sample_rate=float(env("SENTRY_TRACES_SAMPLE_RATE", "0")),
        send_default_pii=env("SENTRY_SEND_PII", "0") == "1",
    )

EMAIL_URL = env("EMAIL_URL")
if EMAIL_URL:
    # smtp://user:password@host:587 (TLS on 587, SSL on 465)
    from urllib.parse import unquote, urlsplit

    _mail = urlsplit(EMAIL_URL)
    EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or 25
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_TLS = EMAIL_PORT == 587
    EMAIL_USE_SSL = EMAIL_PORT == 465

# `manage.py check` warns while the default Wagtail site is still localhost (home/checks.py).
CHECK_SITE_ADDRESS = True
