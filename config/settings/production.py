"""Production: every secret and host comes from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.env import flag
from config.settings.base import *

DEBUG = False
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names.")
# HTTPS only (docs/security.md, "Production settings checklist"). The reverse proxy must set
# X-Forwarded-Proto itself and drop any value a client sent.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = flag(os.environ.get("SECURE_SSL_REDIRECT"), default=True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
# Both reach beyond this host (every subdomain; browsers' built-in lists): the deployer opts in.
SECURE_HSTS_INCLUDE_SUBDOMAINS = flag(
    os.environ.get("SECURE_HSTS_INCLUDE_SUBDOMAINS"), default=False
)
SECURE_HSTS_PRELOAD = flag(os.environ.get("SECURE_HSTS_PRELOAD"), default=False)
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "INFO")
