"""The library search: the page, its JSON API and the search box suggestions."""

import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_ratelimit.core import is_ratelimited
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Site
from wagtail.search.backends import get_search_backend
from wagtail.search.utils import normalise_query_string

from resources.localization import active_locale
from resources.models.pages import LibraryPage
from search.analysis import active_language, fold_words
from search.models import ZeroResultQuery, count_query
from search.service import (
    ENGINE_ERRORS,
    PERIODS,
    SORTS,
    LibrarySearch,
    SearchParams,
    SearchUnavailable,
    backend_for,
    clean_query,
)
from search.suggestions import suggested_ids

logger = logging.getLogger(__name__)
MAX_SUGGESTIONS = 8
PROMOTED = "search:promoted-queries"


def log_query(request, search: LibrarySearch):
    """Count the query for the editors (popular queries, those that found nothing) within the
    client's budget (``SEARCH_STATISTICS_RATE`` per address, behind a proxy the one it names);
    returns the ``Query`` whose editor's picks are shown, or None."""
    params = search.params
    if not params.query or search.page.number != 1:
        return None
    rate = settings.SEARCH_STATISTICS_RATE
    if is_ratelimited(request, group="search-statistics", key="ip", rate=rate, increment=True):
        if not promoted_queries():
            return None
        return Query.objects.filter(query_string=normalise_query_string(params.query)).first()
    query = count_query(params.query)
    if search.count == 0:
        ZeroResultQuery.record(params.query, active_language())
    return query


def promoted_queries():
    """Ids of the queries that have editor's picks, kept in Django's cache until a pick is
    saved or deleted (``search.signals``): most searches then ask nothing more."""
    return cache.get_or_set(
        PROMOTED, lambda: frozenset(SearchPromotion.objects.values_list("query_id", flat=True))
    )


def editors_picks(search: LibrarySearch, query: Query | None):
    """Promoted pages for the logged ``query``, in the reader's language (first page only)."""
    if query is None or query.pk not in promoted_queries():
        return []
    picks = []
    for promotion in query.editors_picks.select_related("page").order_by("sort_order"):
        page = promotion.page
        if page is not None and page.live and page.locale_id == search.locale.pk:
            picks.append({"page": page, "description": promotion.description})
        elif url := promotion.external_link_url:
            title = promotion.external_link_text or url
            picks.append({"url": url, "title": title, "description": promotion.description})
    return picks


def _urls(search: LibrarySearch):
    """Links that add or remove one facet value, and the selected values' removal links."""
    params = search.params
    # Adding a value appends it to the current parameters (back to page 1), encoded once.
    current = params.querydict().urlencode()
    joiner = "&" if current else ""
    for facet in search.facets:
        for bucket in facet["buckets"]:
            pair = (facet["name"], bucket["value"])
            if bucket["selected"]:
                bucket["url"] = "?" + params.querydict(without=pair).urlencode()
            else:
                bucket["url"] = f"?{current}{joiner}{urlencode([pair])}"
    for chosen in search.selected:
        data = params.querydict(without=(chosen["facet"], chosen["value"]))
        chosen["remove_url"] = "?" + data.urlencode()


def unavailable(request, api=False):
    message = _("The search is unavailable for a moment. Please try again in a few minutes.")
    if api:
        return JsonResponse({"error": message}, status=503)
    response = TemplateResponse(
        request,
        "search/unavailable.html",
        {"message": message, "page_title": _("Search the library")},
        status=503,
    )
    response["Retry-After"] = "60"
    return response


def search(request):
    """Full-text search over the library in the reader's language, with facets."""
    params = SearchParams.from_querydict(request.GET)
    try:
        # On an engine the facet counts are counted while the results' cards are read.
        found = LibrarySearch(params).run()
    except SearchUnavailable:
        return unavailable(request)
    _urls(found)
    logged = log_query(request, found)
    clear = SearchParams(query=params.query, sort=params.sort, period=params.period).querydict()
    return TemplateResponse(
        request,
        "search/search.html",
        {
            "query": params.query,
            "params": params,
            "search": found,
            "results_page": found.page,
            "facets": found.facets,
            "selected": found.selected,
            "clear_url": "?" + clear.urlencode(),
            "picks": editors_picks(found, logged),
            "sorts": SORTS.items(),
            "periods": PERIODS.items(),
            "page_title": _("Search the library"),
        },
    )


def _item_json(request, item):
    match = getattr(item, "document_match", None)
    if match:
        label = _("Found in the document, page %(page)s") % {"page": match["page"]}
        match = {**match, "excerpt": str(match["excerpt"]), "label": label}
    return {
        "id": item.pk,
        "title": item.title,
        "url": item.get_url(request),
        "type": item.specific_class._meta.model_name.removesuffix("page"),
        "type_label": str(item.type_label),
        "summary": item.summary,
        "excerpt": str(item.excerpt),
        "document_match": match or None,
        "publication_date": item.publication_date.isoformat(),
        "themes": [theme.title for theme in item.card_themes],
    }


@require_GET
def search_api(request):
    """The same search as JSON: ``/api/search/?q=&type=&theme=&...&page=&locale=fr|en``."""
    language = request.GET.get("locale", "")
    if language not in dict(settings.LANGUAGES):
        language = translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        params = SearchParams.from_querydict(request.GET)
        try:
            found = LibrarySearch(params).run()
        except SearchUnavailable:
            return unavailable(request, api=True)
        results = [_item_json(request, item) for item in found.page.object_list]
        log_query(request, found)
        page = found.page
        data = {
            "query": params.query,
            "locale": language,
            "count": found.count,
            "partial_match": found.partial,
            "page": page.number,
            "num_pages": page.paginator.num_pages,
            "next": page.next_page_number() if page.has_next() else None,
            "previous": page.previous_page_number() if page.has_previous() else None,
            "results": results,
            "facets": [
                {
                    "name": facet["name"],
                    "label": str(facet["label"]),
                    "buckets": [
                        {**bucket, "label": str(bucket["label"])} for bucket in facet["buckets"]
                    ],
                }
                for facet in found.facets
            ],
        }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _page_urls(request, pages):
    """(pk, address) of each page as ``get_url`` gives it, without looking up the request's site
    when there is only one (the sites' root paths are cached)."""
    sites = {root.site_id for root in Site.get_site_root_paths()}
    if len(sites) > 1:
        current = Site.find_for_request(request)
        return [(page.pk, page.get_url(request, current_site=current)) for page in pages]
    return [(page.pk, page.get_url()) for page in pages]


@require_GET
def suggestions(request):
    """Titles completing what the reader is typing (``search.suggestions``), as JSON."""
    query = clean_query(request.GET.get("q", ""))
    if not fold_words(query):
        return JsonResponse({"query": query, "suggestions": []})
    try:
        backend = get_search_backend(backend_for(active_language()))
        ids = suggested_ids(backend, query, active_locale(), MAX_SUGGESTIONS)
        pages = LibraryPage.objects.filter(pk__in=ids).only("title", "url_path").in_bulk()
        items = [
            {"title": pages[pk].title, "url": url}
            for pk, url in _page_urls(request, [pages[pk] for pk in ids if pk in pages])
        ]
    except ENGINE_ERRORS as error:
        logger.warning("Search engine unavailable for suggestions: %r", error)
        return unavailable(request, api=True)
    return JsonResponse(
        {"query": query, "suggestions": items}, json_dumps_params={"ensure_ascii": False}
    )
