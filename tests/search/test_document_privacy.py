"""A dossier's PDF text leaves the public search as soon as its document becomes private.

Moving the document to a restricted collection, or restricting its collection (or one above
it), re-indexes the dossiers using it at once (``resources.signals``): no ``update_index``.
Removing the restriction brings the text back. Asserted through the public search page, on
every backend (SQLite by default, ``SEARCH_URL=opensearch://...`` in ``make test-all``).
"""

import pytest
from django.urls import reverse
from wagtail.models import Collection, CollectionViewRestriction

from home.demo.documents import text_pdf
from tests.search.test_documents import PAGES, dossier, refresh_indexes, results, upload

pytestmark = pytest.mark.django_db

PDF_ONLY = "sociocratie"  # on the PDF's second page, nowhere on the dossier's own page
ON_THE_PAGE = "budget participatif"


def restrict(collection):
    return CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="cle-du-bureau",
    )


def found(client, query):
    return results(client, query)[1]


@pytest.fixture
def collections():
    public = Collection.get_first_root_node().add_child(name="Publications")
    return public, Collection.get_first_root_node().add_child(name="Bureau")


def test_restricting_the_collection_hides_the_pdf_text_at_once(library, client, collections):
    public, _private = collections
    page = dossier(library, upload(text_pdf(PAGES), collection=public))
    assert page.pk in found(client, PDF_ONLY)

    restriction = restrict(public)
    refresh_indexes()
    assert page.pk not in found(client, PDF_ONLY)
    assert page.pk in found(client, ON_THE_PAGE)  # the dossier itself stays public

    restriction.restriction_type = CollectionViewRestriction.LOGIN
    restriction.save()
    refresh_indexes()
    assert page.pk not in found(client, PDF_ONLY)

    restriction.delete()
    refresh_indexes()
    assert page.pk in found(client, PDF_ONLY)


def test_restricting_a_collection_above_hides_the_pdf_text(library, client, collections):
    public, _private = collections
    below = public.add_child(name="Guides")
    page = dossier(library, upload(text_pdf(PAGES), collection=below))
    assert page.pk in found(client, PDF_ONLY)

    restrict(public)
    refresh_indexes()
    assert page.pk not in found(client, PDF_ONLY)


def test_moving_the_document_to_a_private_collection_hides_the_pdf_text(
    library, client, collections
):
    public, private = collections
    restrict(private)
    document = upload(text_pdf(PAGES), collection=public)
    page = dossier(library, document)
    assert page.pk in found(client, PDF_ONLY)

    document.collection = private
    document.save()
    refresh_indexes()
    assert page.pk not in found(client, PDF_ONLY)

    document.collection = public
    document.save()
    refresh_indexes()
    assert page.pk in found(client, PDF_ONLY)


def test_the_admins_add_to_collection_action_hides_the_pdf_text(
    library, client, admin_client, collections
):
    public, private = collections
    restrict(private)
    document = upload(text_pdf(PAGES), collection=public)
    page = dossier(library, document)
    assert page.pk in found(client, PDF_ONLY)

    url = reverse("wagtail_bulk_action", args=["wagtaildocs", "document", "add_to_collection"])
    response = admin_client.post(f"{url}?id={document.pk}", {"collection": private.pk})
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.collection == private
    refresh_indexes()
    assert page.pk not in found(client, PDF_ONLY)


def test_moving_a_collection_under_a_private_one_hides_the_pdf_text(
    library, client, admin_client, collections, django_capture_on_commit_callbacks
):
    public, private = collections
    restrict(private)
    guides = public.add_child(name="Guides")
    page = dossier(library, upload(text_pdf(PAGES), collection=guides))
    assert page.pk in found(client, PDF_ONLY)

    # The admin's edit view saves the collection, then moves it, in one transaction.
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("wagtailadmin_collections:edit", args=[guides.pk]),
            {"name": "Guides", "parent": private.pk},
        )
    assert response.status_code == 302
    guides.refresh_from_db()
    assert guides.get_parent() == private
    refresh_indexes()
    assert page.pk not in found(client, PDF_ONLY)
