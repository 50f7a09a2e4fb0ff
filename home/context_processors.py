"""Values every public template needs: the home page's address, the site and its languages.

The menu, footer and partners are template tags (``navigation_tags``) whose output is cached
(``home.chrome``); nothing here queries the database unless a template asks for the site.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, lazy
from wagtail.models import Site

from home.chrome import CHROME_CACHE_SECONDS


def home_url():
    """The home page in the active language: the root of its language prefix."""
    return reverse("wagtail_serve", args=[""])


def site_chrome(request):
    """Lazily computed, so admin and API requests pay nothing for it."""
    return {
        # What the cached header and footer fragments vary on, with the language.
        "current_site": SimpleLazyObject(lambda: Site.find_for_request(request)),
        "chrome_cache_seconds": CHROME_CACHE_SECONDS,
        "home_url": lazy(home_url, str)(),
        "site_languages": settings.LANGUAGES,
    }
