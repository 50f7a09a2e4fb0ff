"""Wagtail's password forms (private pages, private document collections) behind the public
forms' rate limits: guessing a password is a public POST like the others (docs/security.md)."""

from wagtail import views as page_views
from wagtail.documents.views import serve as document_views

from newsletter.limits import retry_after
from newsletter.views import too_many_requests


def _rate_limited(view, restriction_kwarg):
    def limited_view(request, *args, **kwargs):
        if request.method == "POST":
            restriction = f"restriction:{restriction_kwarg}:{kwargs[restriction_kwarg]}"
            if wait := retry_after(request, "password", restriction):
                return too_many_requests(request, wait)
        return view(request, *args, **kwargs)

    limited_view.__doc__ = view.__doc__
    return limited_view


page_password = _rate_limited(page_views.authenticate_with_password, "page_view_restriction_id")
document_password = _rate_limited(document_views.authenticate_with_password, "restriction_id")
