"""Wagtail's password forms (private pages, private document collections) are rate-limited."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def guesses(client, url, count, ip="203.0.113.5"):
    return [
        client.post(url, {"password": f"guess{i}", "return_url": "/"}, REMOTE_ADDR=ip).status_code
        for i in range(count)
    ]


def test_private_page_password_guessing_is_stopped(client, db):
    root = Page.get_first_root_node()
    page = root.add_child(instance=Page(title="Privé", slug="prive"))
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type="password", password="le-bon-mot"
    )
    with translation.override("fr"):
        url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, page.pk])
    codes = guesses(client, url, 21)
    assert codes[:20] == [200] * 20 and codes[20] == 429  # 200: the form again, with an error
    blocked = client.post(
        url, {"password": "le-bon-mot", "return_url": "/"}, REMOTE_ADDR="203.0.113.5"
    )
    assert blocked.status_code == 429 and "Trop de tentatives" in blocked.content.decode()
    other = client.post(
        url, {"password": "le-bon-mot", "return_url": "/"}, REMOTE_ADDR="198.51.100.1"
    )
    assert other.status_code == 302  # another client, within the restriction's budget


def test_private_collection_password_guessing_is_stopped(client, db):
    collection = Collection.get_first_root_node().add_child(name="Privée")
    restriction = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="le-bon-mot"
    )
    url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk])
    codes = guesses(client, url, 21)
    assert codes[:20] == [200] * 20 and codes[20] == 429
