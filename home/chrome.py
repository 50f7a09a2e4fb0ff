"""The site chrome (main menu, footer, partners) kept in Django's cache, per site and language.

The menu is kept as data (title, URL, page type of each entry), so that the entry of the current
page is marked for each request; the footer and the partners are kept as rendered fragments
(``{% wagtailcache %}`` in ``includes/footer.html`` and ``home/home_page.html``). Everything is
dropped by ``forget_chrome()``, which ``home.signals`` calls when pages, sites, partners or
contact details change. Previews neither read nor fill the cache.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.utils.translation import get_language
from wagtail.models import Page, Site

from resources.localization import active_locale

# A safety net: entries are dropped explicitly on every change, and expire after a day anyway.
CHROME_CACHE_SECONDS = 24 * 60 * 60

# Fragments cached by templates, with what they vary on: site (pk) and/or language code.
SITE_FRAGMENTS = ("footer",)
LANGUAGE_FRAGMENTS = ("footer_partners", "home_partners")


def menu_key(site_id, language):
    return f"home.menu.{site_id}.{language}"


def site_homes(request):
    """The live home pages of the request's site, one per language: its root page's translations.

    Found by translation key (an indexed lookup), not by tree depth, which no index serves.
    """
    site = Site.find_for_request(request)
    if site is None:
        return Page.objects.none()
    root_key = Page.objects.filter(pk=site.root_page_id).values("translation_key")
    return Page.objects.filter(translation_key__in=root_key).live()


def _read_menu(request):
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


def menu_entries(request):
    """The menu pages under the request's home page in the reader's language: title, URL and
    page type (``kind``) of each, from the cache when there."""
    if getattr(request, "is_preview", False):
        return _read_menu(request)
    site = Site.find_for_request(request)
    key = menu_key(site.pk if site else None, get_language())
    entries = cache.get(key)
    if entries is None:
        entries = _read_menu(request)
        cache.set(key, entries, CHROME_CACHE_SECONDS)
    return entries


def chrome_keys(site_ids):
    """Every cache key of the chrome, for these sites and every site language."""
    languages = [code for code, _name in settings.LANGUAGES]
    keys = [
        make_template_fragment_key(name, [code])
        for name in LANGUAGE_FRAGMENTS
        for code in languages
    ]
    for site_id in [*site_ids, None]:
        keys += [menu_key(site_id, code) for code in languages]
        if site_id is not None:
            keys += [
                make_template_fragment_key(name, [site_id, code])
                for name in SITE_FRAGMENTS
                for code in languages
            ]
    return keys


def forget_chrome():
    """Drop the cached menu, footer and partners of every site and language."""
    cache.delete_many(chrome_keys(Site.objects.values_list("pk", flat=True)))
