"""Read-only content API for partner sites.

Wagtail's endpoints, with their query parameters bounded: a search of too many words, or a number
too large for the database, is answered 400 with a message instead of a server error.
"""

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework.response import Response
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

# The database search nests one query node per word: hundreds of words exhaust the stack.
SEARCH_MAX_WORDS = 32
SEARCH_MAX_LENGTH = 512
# Beyond any listing's length, and within the databases' 64-bit integers.
MAX_OFFSET = 1_000_000
LARGEST_ID = 2**63 - 1
INTEGER_PARAMETERS = ["offset", "limit", "child_of", "descendant_of", "ancestor_of", "id"]


class BoundedParametersMixin:
    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        query = self.request.GET
        search = query.get("search", "")
        if len(search) > SEARCH_MAX_LENGTH or len(search.split()) > SEARCH_MAX_WORDS:
            raise BadRequestError(
                _("The search is too long: at most %(words)d words and %(length)d characters.")
                % {"words": SEARCH_MAX_WORDS, "length": SEARCH_MAX_LENGTH}
            )
        offset = query.get("offset", "0").strip()
        if offset.isascii() and offset.isdigit() and int(offset) > MAX_OFFSET:
            raise BadRequestError(
                _("offset must be at most %(largest)d.") % {"largest": MAX_OFFSET}
            )
        for name in INTEGER_PARAMETERS:
            value = query.get(name, "").strip()
            if value.isascii() and value.lstrip("-").isdigit() and abs(int(value)) > LARGEST_ID:
                raise BadRequestError(_("%(name)s is too large.") % {"name": name})

    def find_view(self, request):
        if "id" in request.GET:
            value = request.GET["id"].strip()
            if not (value.isascii() and value.isdigit()):
                raise BadRequestError(_("id must be a whole number."))
            if int(value) > LARGEST_ID:
                raise Http404
        return super().find_view(request)

    def detail_view(self, request, pk):
        if int(pk) > LARGEST_ID:
            raise Http404
        return super().detail_view(request, pk)

    def handle_exception(self, exc):
        if isinstance(exc, Http404):
            return Response({"message": _("Nothing was found at this address.")}, status=404)
        return super().handle_exception(exc)


class PagesEndpoint(BoundedParametersMixin, PagesAPIViewSet):
    pass


class ImagesEndpoint(BoundedParametersMixin, ImagesAPIViewSet):
    pass


class DocumentsEndpoint(BoundedParametersMixin, DocumentsAPIViewSet):
    pass


def not_found(request):
    """Any other address under ``/api/``: a JSON 404, not the site's HTML page."""
    return JsonResponse({"message": _("Nothing was found at this address.")}, status=404)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesEndpoint)
api_router.register_endpoint("images", ImagesEndpoint)
api_router.register_endpoint("documents", DocumentsEndpoint)
