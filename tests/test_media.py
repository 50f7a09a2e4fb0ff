"""Uploaded media: no SVG images, and documents only through Wagtail's view.

The site's origin never serves a file an uploader wrote a script into (an SVG image), nor a
document of a private collection by its file address. Under `make run` (DEBUG) Django serves
the image renditions (``config.media``); ``tests/test_media_nginx.py`` checks the production
web server's configuration the same way.
"""

import importlib

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import clear_url_caches, reverse
from django.utils.html import escape
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.fields import WagtailImageField
from wagtail.models import Collection, CollectionViewRestriction

from tests.factories import ImageFactory

pytestmark = pytest.mark.django_db

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80" viewBox="0 0 120 80">'
    b'<rect width="120" height="80" fill="teal"/>'
    b"<script>alert(document.cookie)</script></svg>"
)
PDF = b"%PDF-1.4 compte rendu interne du bureau"
REFUSED = "Format d'image non supporté"


@pytest.fixture(autouse=True)
def _no_kept_renditions():
    """Wagtail keeps renditions in the cache by image id: ids come back after a rollback."""
    cache.clear()


@pytest.fixture
def dev_urls(settings):
    """The URLs `make run` serves (DEBUG adds the media route), rebuilt for the test."""
    import config.urls

    settings.DEBUG = True
    importlib.reload(config.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(config.urls)
    clear_url_caches()


def stored_svg_image():
    """An SVG image saved before SVG uploads were refused (the model, not the form)."""
    return get_image_model().objects.create(
        title="Logo",
        file=ContentFile(SVG, name="logo.svg"),
        width=120,
        height=80,
        collection=Collection.get_first_root_node(),
    )


# --- SVG images --------------------------------------------------------------------------


def test_the_admin_upload_form_refuses_an_svg_image(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Logo",
            "collection": Collection.get_first_root_node().pk,
            "file": SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml"),
        },
    )
    assert response.status_code == 200
    (message,) = response.context["form"].errors["file"]
    assert message.startswith(REFUSED)
    assert escape(message) in response.content.decode()
    assert not get_image_model().objects.exists()


def test_the_admin_multiple_upload_refuses_an_svg_image_with_a_message(admin_client):
    response = admin_client.post(
        reverse("wagtailimages:add_multiple"),
        {
            "collection": Collection.get_first_root_node().pk,
            "files[]": SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml"),
        },
    )
    assert response.status_code == 200
    answer = response.json()
    assert answer["success"] is False
    assert answer["error_message"].startswith(REFUSED)
    assert "SVG" not in answer["error_message"]  # the supported formats it lists
    assert not get_image_model().objects.exists()


@hypothesis_settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    stem=st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=20),
    extension=st.sampled_from(["svg", "SVG", "svgz", "png", "jpg", "webp", "gif"]),
    prefix=st.sampled_from([b"", b'<?xml version="1.0"?>\n', b"\n  "]),
)
def test_svg_content_is_refused_whatever_the_file_is_called(stem, extension, prefix):
    field = WagtailImageField()
    upload = SimpleUploadedFile(f"{stem}.{extension}", prefix + SVG)
    with pytest.raises(ValidationError):
        field.clean(upload)


def test_raster_images_are_served_in_development(client, dev_urls):
    image = ImageFactory()
    # A rendition as pages show it; the original as the API's download_url gives it.
    for url in (image.get_rendition("fill-640x360").url, image.file.url):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"


def test_an_svg_stored_before_is_never_served_from_the_site(client, dev_urls, settings):
    image = stored_svg_image()
    rendition = image.get_rendition("fill-640x360")
    assert rendition.url.endswith(".svg")
    assert (settings.MEDIA_ROOT / rendition.file.name).exists()
    for url in (rendition.url, image.file.url):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"<script>" not in b"".join(
            getattr(response, "streaming_content", [response.content])
        )


# --- Documents ---------------------------------------------------------------------------


def stored_private_document():
    """A PDF in a collection that asks for a password (its restriction as ``restriction``)."""
    private = Collection.get_first_root_node().add_child(name="Bureau")
    restriction = CollectionViewRestriction.objects.create(
        collection=private,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="cle-du-bureau",
    )
    document = get_document_model().objects.create(
        title="Compte rendu", file=ContentFile(PDF, name="compte-rendu.pdf"), collection=private
    )
    document.restriction = restriction
    return document


@pytest.fixture
def private_document():
    return stored_private_document()


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_documents_link_to_wagtails_view_not_to_their_file(private_document):
    assert private_document.url == f"/documents/{private_document.pk}/compte-rendu.pdf"


def test_a_private_document_is_not_readable_at_any_media_address(
    client, dev_urls, private_document
):
    name = private_document.file.name  # documents/compte-rendu.pdf
    for url in (
        f"/media/{name}",
        f"/media/images/../{name}",
        f"/media/images/%2e%2e/{name}",
        f"/media/images/..%2f{name}",
        f"/media/{name.upper()}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert PDF not in body(response), url


def test_a_private_document_is_served_by_wagtails_view_after_the_password(
    client, dev_urls, private_document
):
    response = client.get(private_document.url)
    assert response.status_code == 200
    assert PDF not in body(response)
    login = reverse(
        "wagtaildocs_authenticate_with_password", args=[private_document.restriction.pk]
    )
    assert response.context["action_url"] == login  # the form asking for the password
    response = client.post(login, {"password": "wrong", "return_url": private_document.url})
    assert response.status_code == 200
    assert PDF not in body(response)

    response = client.post(login, {"password": "cle-du-bureau", "return_url": private_document.url})
    assert response.status_code == 302
    response = client.get(private_document.url)
    assert response.status_code == 200
    assert body(response) == PDF
    assert response["Content-Security-Policy"] == "default-src 'none'"
