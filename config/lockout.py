"""The page shown to a sign-in refused by django-axes' lockout."""

import math

from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    """Render the Wagtail sign-in page's lockout message (``AXES_LOCKOUT_CALLABLE``).

    429 Too Many Requests, with how long the lock lasts, in the reader's language.
    """
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "axes/lockout.html", {"minutes": minutes}, status=429)
