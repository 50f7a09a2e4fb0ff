"""WSGI entry point; production servers load ``application``."""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - load every view module now, not at the first request

# What loading made (about 250,000 objects) lives as long as the process: frozen out of the
# collector's sight, a full collection no longer walks it (a pause of up to 100 ms otherwise,
# taken by whichever request happens to run then). Forked workers also keep sharing its pages.
gc.freeze()
