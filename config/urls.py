from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.contrib.sitemaps import Sitemap
from wagtail.documents import urls as wagtaildocs_urls

from config import api
from config.api import api_router
from home.passwords import document_password, page_password
from resources.exports import SafeSearchTermsReportView
from search import views as search_views

urlpatterns = [
    # Wagtail's search terms report, its CSV export made safe (resources/exports.py); these come
    # before Wagtail's own routes for the same addresses, whose names reverse to them.
    path(
        "admin/searchpicks/reports/search-terms/",
        require_admin_access(SafeSearchTermsReportView.as_view()),
    ),
    path(
        "admin/searchpicks/reports/search-terms/results/",
        require_admin_access(SafeSearchTermsReportView.as_view(results_only=True)),
    ),
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's password forms, rate-limited (home/passwords.py), at Wagtail's own addresses.
    path("documents/authenticate_with_password/<int:restriction_id>/", document_password),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/search/", search_views.search_api, name="search_api"),
    re_path(r"^api/.*/$", api.not_found),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": Sitemap}}),
]

if settings.DEBUG:
    # Raster images only, as in production: never documents nor SVG (config/media.py).
    from config.media import image_urlpatterns

    urlpatterns += image_urlpatterns()

urlpatterns += i18n_patterns(
    path(_("search/"), search_views.search, name="search"),
    path("newsletter/", include("newsletter.urls")),
    path(_("search/suggestions/"), search_views.suggestions, name="search_suggestions"),
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        page_password,
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
