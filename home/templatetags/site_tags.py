"""Template tags for the site chrome: language switcher, hreflang alternates, page links."""

import re

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info
from wagtail.models import Locale, Page

from home.chrome import site_homes

register = template.Library()


def _language_urls(context):
    """URL of the current page in each site language.

    For a Wagtail page: its live translation when there is one, else that language's home page.
    For other views (search...): Django's translated URL for the same route. The languages whose
    URL shows the same content (not a home page fallback) go in ``_equivalent_languages``.
    """
    cached = context.get("_language_urls")
    if cached is not None:
        return cached
    request = context.get("request")
    page = context.get("page")
    urls = {}
    equivalents = set()
    if isinstance(page, Page) and request is not None:
        translations = page.get_translations(inclusive=True).live().select_related("locale")
        by_language = {p.locale.language_code: p for p in translations}
        equivalents = set(by_language)
        homes = None
        for code, _name in settings.LANGUAGES:
            target = by_language.get(code)
            if target is None:
                if homes is None:
                    homes = {
                        p.locale.language_code: p
                        for p in site_homes(request).select_related("locale")
                    }
                target = homes.get(code)
            if target is not None:
                urls[code] = target.get_url(request)
    elif request is not None:
        for code, _name in settings.LANGUAGES:
            urls[code] = translate_url(request.get_full_path(), code)
        equivalents = set(urls)
    context["_language_urls"] = urls
    context["_equivalent_languages"] = equivalents
    return urls


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context):
    current = get_language()
    urls = _language_urls(context)
    languages = [
        {
            "code": code,
            "name": Locale(language_code=code).get_display_name(),
            # Each language named in itself, as readers of that language look for it.
            "name_local": get_language_info(code)["name_local"].capitalize(),
            "url": urls.get(code),
        }
        for code, _name in settings.LANGUAGES
    ]
    return {"languages": languages, "current": current}


@register.simple_tag(takes_context=True)
def hreflang_links(context):
    """``<link rel=alternate hreflang>`` for each translation of the page (a language without
    one has no alternate: its home page is not the same content)."""
    request = context.get("request")
    urls = _language_urls(context)
    equivalents = context.get("_equivalent_languages", ())
    links = []
    for code, url in urls.items():
        if url and request is not None and code in equivalents:
            links.append((code, request.build_absolute_uri(url)))
    return links


@register.filter
def page_kind(page):
    """Model name of a page's specific type (``projectpage``...), for CSS classes; no query."""
    specific_class = getattr(page, "specific_class", None)
    return specific_class._meta.model_name if specific_class else ""


FRENCH_SPACES = re.compile(r" ([:;!?»])|(«) ")


@register.filter
def nbsp(text):
    """No-break spaces where French typography puts spaces (before : ; ! ? », after «), so a
    wrapped title never starts a line with punctuation. Returns plain text, escaped as usual."""
    return FRENCH_SPACES.sub(
        lambda m: f"\u00a0{m.group(1)}" if m.group(1) else f"{m.group(2)}\u00a0", str(text)
    )
