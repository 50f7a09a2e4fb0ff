"""Values every public template needs: partners for the footer, the main menu, languages."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, lazy
from wagtail.models import Site

from home.models import network_partners, site_homes
from resources.library import library_version
from resources.localization import active_locale

# Menu pages, their order and the partners only change with a publish, move or deletion of a
# page, or an edit of an organisation, each of which renews the library's version.
CHROME_TIMEOUT = 300


def _cached(kind, request, compute):
    """What the header or footer shows, kept in Django's cache per site and language."""
    site = Site.find_for_request(request)
    key = f"home:{kind}:{library_version()}:{site and site.pk}:{active_locale().pk}"
    return cache.get_or_set(key, compute, CHROME_TIMEOUT)


def _menu_entries(request):
    homes = site_homes(request)
    home = homes.filter(locale=active_locale()).first() or homes.first()
    if home is None:
        return []
    return [
        {
            "title": child.title,
            "url": child.get_url(request),
            "kind": child.specific_class._meta.model_name if child.specific_class else "",
        }
        for child in home.get_children().live().in_menu()
    ]


def main_menu(request):
    """Menu pages of the home page in the reader's language.

    Each item says whether it is the current page (``current == "page"``) or one of its ancestors
    (``current == "true"``), for ``aria-current``, and names its page type in ``kind`` so templates
    can link to a section (the library, the agenda) without querying again.
    """
    path = request.path
    items = []
    for entry in _cached("menu", request, lambda: _menu_entries(request)):
        url = entry["url"]
        active = bool(url) and path.startswith(url)
        current = ("page" if path == url else "true") if active else None
        items.append({**entry, "active": active, "current": current})
    return items


def _partners():
    """The network's partners, their logos' renditions fetched in one query for all."""
    found = network_partners()
    prefetch_related_objects([p.logo for p in found if p.logo is not None], "renditions")
    return found


def partners(request):
    return _cached("partners", request, _partners)


def section_urls(menu):
    """URL of each menu section by page type, e.g. ``section_urls.libraryindexpage``."""
    return {item["kind"]: item["url"] for item in menu}


def home_url():
    """The home page in the active language: the root of its language prefix."""
    return reverse("wagtail_serve", args=[""])


def site_chrome(request):
    """Lazily computed, so admin and API requests pay nothing for it."""
    menu = SimpleLazyObject(lambda: main_menu(request))
    return {
        "network_partners": SimpleLazyObject(lambda: partners(request)),
        "main_menu": menu,
        "section_urls": SimpleLazyObject(lambda: section_urls(menu)),
        "home_url": lazy(home_url, str)(),
        "site_languages": settings.LANGUAGES,
    }
