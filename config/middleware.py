"""Django's locale middleware, kept away from the API's answers."""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that a 404 under ``/api/`` stays the API's JSON answer.

    Django would redirect it to the same address under ``/fr/``, which the site's catch-all page
    route accepts: a partner asking for a missing item would get an HTML page.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith("/api/"):
            return response
        return super().process_response(request, response)
