"""Local development: `make run`."""

from config.secret import local_secret_key
from config.settings.base import *

DEBUG = True
SECRET_KEY = SECRET_KEY or local_secret_key(VAR_DIR)
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
