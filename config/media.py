"""Uploaded media under `make run` (DEBUG), served as the production web server serves them
(``config/nginx/site.conf``): the raster image renditions only.

Documents are never served from the media folder: Wagtail's view (``/documents/<id>/<name>``)
checks their collection's privacy first. SVG files are not served at all (a script inside one
would run from the site's origin), nor are the original uploads.
"""

from pathlib import Path

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

# File types of the image renditions the web server may serve (the nginx configuration
# holds the same list).
RASTER_EXTENSIONS = ("avif", "gif", "jpeg", "jpg", "png", "webp")


def serve_rendition(request, path):
    """An image rendition from ``MEDIA_ROOT/images/``, read from the current settings."""
    return serve(request, path, document_root=Path(settings.MEDIA_ROOT) / "images")


def rendition_urlpatterns():
    """The development route of the renditions, under ``MEDIA_URL``."""
    prefix = settings.MEDIA_URL.strip("/")
    extensions = "|".join(RASTER_EXTENSIONS)
    return [re_path(rf"^{prefix}/images/(?P<path>[^/]+\.(?i:{extensions}))$", serve_rendition)]
