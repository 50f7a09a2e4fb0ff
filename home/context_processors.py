"""Values every public template needs: partners for the footer, the main menu, languages."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from wagtail.models import Locale, Page

from home.models import network_partners


def main_menu(request):
    """Menu pages of the home page in the reader's language."""
    home = (
        Page.objects.filter(depth=2, locale=Locale.get_active()).live().first()
        or Page.objects.filter(depth=2).live().first()
    )
    if home is None:
        return []
    current = request.path
    items = []
    for child in home.get_children().live().in_menu():
        url = child.get_url(request)
        items.append({"title": child.title, "url": url, "active": current.startswith(url or "-")})
    return items


def site_chrome(request):
    """Lazily computed, so admin and API requests pay nothing for it."""
    return {
        "network_partners": SimpleLazyObject(network_partners),
        "main_menu": SimpleLazyObject(lambda: main_menu(request)),
        "site_languages": settings.LANGUAGES,
    }
