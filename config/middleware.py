"""Django's locale middleware and django-csp's, adapted to the site's addresses."""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware

from config.csp import nonce_wagtail_choosers, request_nonce

ADMIN_PREFIX = "/admin/"


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that a 404 under ``/api/`` stays the API's JSON answer.

    Django would redirect it to the same address under ``/fr/``, which the site's catch-all page
    route accepts: a partner asking for a missing item would get an HTML page.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith("/api/"):
            return response
        return super().process_response(request, response)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's, adding ``CSP_ADMIN_UPDATE`` to the policy of the Wagtail admin's pages."""

    def __init__(self, get_response):
        super().__init__(get_response)
        nonce_wagtail_choosers()

    def process_request(self, request):
        super().process_request(request)
        request._csp_nonce_token = request_nonce.set(request.csp_nonce)

    def process_response(self, request, response):
        response = super().process_response(request, response)
        token = getattr(request, "_csp_nonce_token", None)
        if token is not None:
            request_nonce.reset(token)
        return response

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if request.path_info.startswith(ADMIN_PREFIX) and parts.update is None:
            parts.update = settings.CSP_ADMIN_UPDATE
        return parts
