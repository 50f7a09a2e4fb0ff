"""The request's locales memo (``resources.localization.active_locale``) belongs to one request.

A threaded server serves several requests at once; the end of one of them must not take the
memo from under the others.
"""

import threading

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale

from resources.localization import active_locale

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django closes stale connections when a request starts or ends, which inside a test's
    transaction would close the test's own connection (its test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def in_other_thread(*signals):
    """Send the signals from another thread, as another request of the server would."""
    thread = threading.Thread(target=lambda: [signal.send(sender=None) for signal in signals])
    thread.start()
    thread.join()


def test_a_request_looks_its_locale_up_once():
    request_started.send(sender=None)
    try:
        with translation.override("fr"), CaptureQueriesContext(connection) as queries:
            first = active_locale()
            assert active_locale() == first
        assert len(queries) == 1
    finally:
        request_finished.send(sender=None)


def test_another_request_ending_leaves_this_ones_memo():
    Locale.objects.get_or_create(language_code="en")
    request_started.send(sender=None)
    try:
        with translation.override("fr"):
            french = active_locale()
            in_other_thread(request_started, request_finished)
            with CaptureQueriesContext(connection) as queries:
                assert active_locale() == french
            assert len(queries) == 0
    finally:
        request_finished.send(sender=None)


def test_outside_requests_nothing_is_kept():
    with translation.override("fr"), CaptureQueriesContext(connection) as queries:
        active_locale()
        active_locale()
    assert len(queries) == 2
