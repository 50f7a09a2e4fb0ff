"""The test suite: fast hashing, in-memory email, no secrets needed."""

from config.env import cache_settings
from config.settings.base import *

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
MEDIA_ROOT = VAR_DIR / "test-media"
# Each process's memory, whatever CACHE_URL says; emptied before each test (tests/conftest.py).
CACHES = cache_settings("")
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
