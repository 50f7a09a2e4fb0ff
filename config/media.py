"""Uploaded media under `make run` (DEBUG), served as the production web server serves them
(``config/nginx/site.conf``): the raster images only, renditions and originals (the API's
``download_url``).

Documents are never served from the media folder: Wagtail's view (``/documents/<id>/<name>``)
checks their collection's privacy first. SVG files are not served at all: a script inside one
would run from the site's origin.
"""

from pathlib import Path

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

# Wagtail's folders of image files, and the file types served from them (the nginx
# configuration holds the same lists).
IMAGE_FOLDERS = ("images", "original_images")
RASTER_EXTENSIONS = ("avif", "gif", "jpeg", "jpg", "png", "webp")


def serve_image(request, folder, path):
    """An image file from ``MEDIA_ROOT/<folder>/``, read from the current settings."""
    return serve(request, path, document_root=Path(settings.MEDIA_ROOT) / folder)


def image_urlpatterns():
    """The development route of the image files, under ``MEDIA_URL``."""
    prefix = settings.MEDIA_URL.strip("/")
    folders = "|".join(IMAGE_FOLDERS)
    extensions = "|".join(RASTER_EXTENSIONS)
    return [
        re_path(
            rf"^{prefix}/(?P<folder>{folders})/(?P<path>[^/]+\.(?i:{extensions}))$", serve_image
        )
    ]
