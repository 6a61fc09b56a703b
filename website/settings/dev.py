"""Local development: debug on, mail printed to the console."""

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = True
SECRET_KEY = env("SECRET_KEY", "dev-only-secret-key-not-for-production")
ALLOWED_HOSTS = env("ALLOWED_HOSTS", "*").split(",")
INTERNAL_IPS = ["127.0.0.1"]

# The site's own "page not found" in development too (home/views.py); DEBUG_404=1 shows Django's debug page.
MIDDLEWARE = ["home.views.BrandedNotFoundMiddleware", *MIDDLEWARE]  # noqa: F405
