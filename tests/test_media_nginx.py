"""The production web server's configuration (``config/nginx/site.conf``) in front of the app.

Debian's nginx serves the image renditions from MEDIA_ROOT and passes everything else to the
app (here pytest-django's live server, with DEBUG off as in production: the app serves no
media). Documents are reachable only through the app's view; SVG files and original uploads
not at all. Marked ``nginx``: ``scripts/test-all`` installs nginx and runs it; the test fails,
never skips, when nginx is missing or cannot start.
"""

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

from tests.factories import ImageFactory
from tests.test_media import PDF, stored_private_document, stored_svg_image

pytestmark = [pytest.mark.nginx, pytest.mark.django_db(transaction=True)]

SITE_CONF = Path(settings.BASE_DIR) / "config" / "nginx" / "site.conf"
MIME_TYPES = Path("/etc/nginx/mime.types")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rendered_site_conf(values):
    """``site.conf`` with its ${NAME} placeholders filled in, as envsubst does."""
    return re.sub(r"\$\{(\w+)\}", lambda name: values[name[1]], SITE_CONF.read_text())


@pytest.fixture
def nginx(live_server, tmp_path, settings):
    """Debian's nginx on a loopback port, configured with the repository's site.conf."""
    binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    assert binary, "nginx is not installed (scripts/test-all installs it)"
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    port = free_port()
    app = urllib.parse.urlsplit(live_server.url).netloc
    (prefix / "site.conf").write_text(
        rendered_site_conf(
            {
                "LISTEN": f"127.0.0.1:{port}",
                "SERVER_NAME": "localhost",
                "MEDIA_ROOT": str(settings.MEDIA_ROOT),
                "APP_ADDRESS": app,
            }
        )
    )
    temp = {name: prefix / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    # As root, workers would drop to an account that cannot read the test's private folder.
    user = "user root;" if os.geteuid() == 0 else ""
    (prefix / "nginx.conf").write_text(
        f"""
{user}
daemon off;
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
    include {MIME_TYPES};
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {prefix}/site.conf;
}}
"""
    )
    process = subprocess.Popen(  # noqa: S603
        [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            assert process.poll() is None, process.stdout.read().decode()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not start listening"
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


class Browser:
    """A reader's HTTP client: keeps cookies, never follows redirects, reads error pages."""

    def __init__(self, base):
        self.base = base
        self.cookies = http.cookiejar.CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )

    def open(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310
        try:
            response = self.opener.open(request, timeout=10)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            return response.status, response.headers, response.read()

    def cookie(self, name):
        return next(cookie.value for cookie in self.cookies if cookie.name == name)


def test_nginx_serves_raster_images_and_never_documents_or_svg(nginx):
    cache.clear()  # renditions are kept by image id, and ids come back after a flush
    browser = Browser(nginx)

    image = ImageFactory()
    # A rendition as pages show it; the original as the API's download_url gives it.
    for file in (image.get_rendition("fill-640x360").file, image.file):
        status, headers, body = browser.open(file.url)
        assert status == 200, file.url
        assert headers["Content-Type"] == "image/jpeg"
        assert headers["X-Content-Type-Options"] == "nosniff"
        with file.open("rb") as handle:
            assert body == handle.read()

    svg = stored_svg_image()
    rendition = svg.get_rendition("fill-640x360")
    assert rendition.url.endswith(".svg")
    for url in (rendition.url, svg.file.url):
        status, _headers, body = browser.open(url)
        assert status == 404, url
        assert b"<script>" not in body

    document = stored_private_document()
    restriction = document.restriction
    for path in (
        f"/media/{document.file.name}",
        f"/media/images/../{document.file.name}",
        f"/media/images/%2e%2e/{document.file.name}",
        f"/media/images/..%2f{document.file.name}",
    ):
        status, _headers, body = browser.open(path)
        assert status == 404, path
        assert PDF not in body, path

    # Through the app: the password first, then the file.
    status, _headers, body = browser.open(document.url)
    assert status == 200
    assert PDF not in body
    assert b'name="password"' in body
    login = f"/documents/authenticate_with_password/{restriction.pk}/"
    status, _headers, _body = browser.open(
        login,
        {
            "csrfmiddlewaretoken": browser.cookie("csrftoken"),
            "password": "cle-du-bureau",
            "return_url": document.url,
        },
    )
    assert status == 302
    status, headers, body = browser.open(document.url)
    assert status == 200
    assert body == PDF
    assert headers["Content-Security-Policy"] == "default-src 'none'"
