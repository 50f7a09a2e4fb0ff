"""The request's Wagtail site and its contact settings, kept in Django's cache."""

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from wagtail.models import Site

from home.models import ContactSettings
from resources.library import library_version

SITE_TIMEOUT = 300


class KnownSiteMiddleware:
    """Give each request its site and contact settings without a query each.

    Wagtail looks the site up by host name on every request, and the footer's contact settings
    by site: two queries per page. They are kept here with the content version, whose token a
    page reads anyway, and placed where Wagtail looks for them first (attributes of the
    request), so that ``Site.find_for_request`` and ``ContactSettings.for_request`` reuse them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "without_site", False):
            return None
        try:
            host, port = request.get_host().split(":")[0], request.get_port()
        except DisallowedHost:
            return None  # Django answers 400 further down

        def look_up():
            site = Site.find_for_request(request)
            return site, ContactSettings.for_site(site) if site is not None else None

        # Sites and settings change through edits that renew the library's version; the key is
        # made after looking up, which may create the settings row (and renew the version).
        found = cache.get(f"home:site:{library_version()}:{host}:{port}")
        if found is None:
            found = look_up()
            cache.set(f"home:site:{library_version()}:{host}:{port}", found, SITE_TIMEOUT)
        site, settings = found
        if site is not None:
            request._wagtail_site = site
            setattr(request, ContactSettings.get_cache_attr_name(), settings)
        return None


def without_site(view):
    """Mark a view that needs neither the site nor the content version (small JSON answers):
    the middleware then reads nothing for it."""
    view.without_site = True
    return view
