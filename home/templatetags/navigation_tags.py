"""The site chrome: main menu, section links, the network's partners and contact details."""

from django import template
from django.db.models import prefetch_related_objects
from wagtail.models import Site

from home.chrome import menu_entries
from newsletter.models import ContactSettings
from resources.models import Organisation

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    """The header's menu items. The entries come from the cache; which one is the current page
    (``aria-current="page"``) or one of its ancestors (``"true"``) is worked out per request."""
    request = context.get("request")
    if request is None:  # a template rendered without a request
        return {"items": []}
    path = request.path
    items = []
    for entry in menu_entries(request):
        url = entry["url"]
        current = None
        if url and path.startswith(url):
            current = "page" if path == url else "true"
        items.append({**entry, "current": current})
    return {"items": items}


@register.simple_tag(takes_context=True)
def menu_items(context):
    """The menu entries (title, url, kind) without the current-page marking: for the footer."""
    request = context.get("request")
    return menu_entries(request) if request is not None else []


@register.simple_tag(takes_context=True)
def section_url(context, kind):
    """URL of the menu section of a page type, e.g. ``{% section_url "libraryindexpage" %}``."""
    for entry in menu_items(context):
        if entry["kind"] == kind:
            return entry["url"]
    return ""


@register.simple_tag
def network_partners():
    """The network's partners with their logos' renditions (one query for all the logos).
    Used inside cached fragments, so it runs only when the fragment is rendered anew."""
    found = Organisation.network_partners()
    prefetch_related_objects([p.logo for p in found if p.logo is not None], "renditions")
    return found


@register.simple_tag(takes_context=True)
def contact_details(context):
    """The site's contact details, or None. Read without creating a blank row, as Wagtail's
    ``ContactSettings.for_request`` would: a GET writes nothing."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return ContactSettings.objects.filter(site=site).first() if site is not None else None
