"""Settings for sending workers started by the tests: a file database and a real SMTP server.

DATABASE_URL (a file SQLite database, or PostgreSQL) and EMAIL_URL come from the environment.
"""

import os

from config.env import email_settings
from config.settings.test import *  # noqa: F403

vars().update(email_settings(os.environ["EMAIL_URL"]))
NEWSLETTER_LEASE_SECONDS = float(os.environ.get("NEWSLETTER_LEASE_SECONDS", "300"))
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
}
