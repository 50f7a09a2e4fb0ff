"""The library search page."""

from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from resources.models.mixins import paginate
from resources.models.pages import attach_card_themes, library_items, with_card_data

MAX_QUERY_LENGTH = 200


def search(request):
    """Full-text search over the library in the reader's language."""
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    query = "".join(ch for ch in query if ch.isprintable())
    if query:
        results = library_items().search(query)
    else:
        results = library_items().order_by("-publication_date", "-pk")
    page = paginate(request, results, per_page=12)
    page.object_list = attach_card_themes(with_card_data_for(page.object_list))
    return TemplateResponse(
        request,
        "search/search.html",
        {"query": query, "results_page": page, "page_title": _("Search the library")},
    )


def with_card_data_for(pages):
    """Reload a page of search hits with card data, keeping the engine's order."""
    ids = [p.pk for p in pages]
    loaded = {p.pk: p for p in with_card_data(library_items().filter(pk__in=ids))}
    return [loaded[pk] for pk in ids if pk in loaded]
