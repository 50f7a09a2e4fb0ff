"""Text of the PDF attached to a dossier: searchable, and a PDF-only match says at which page.

The PDFs are written by the demo's generator (``home.demo.documents.text_pdf``): real text that
pypdf extracts, one list of paragraphs per page. Runs on every backend (SQLite by default,
``SEARCH_URL=opensearch://...`` for OpenSearch).
"""

import datetime
import io
import logging

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from modelsearch.backends import get_search_backend
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from home.demo.documents import text_pdf
from resources.documents import ExtractionError, extract_pages
from resources.models import DocumentPageText, DocumentText
from tests.factories import DossierPageFactory, publish

pytestmark = pytest.mark.django_db

PAGES = [
    ["Budget participatif : premiers pas", "Un guide pour lancer la démarche dans sa commune."],
    [
        "Gouvernance partagée",
        "Les ateliers de sociocratie permettent de décider par consentement.",
    ],
    ["Annexes", "Contacts et ressources complémentaires."],
]


def refresh_indexes():
    """Make what was just indexed searchable (a no-op on the database backend)."""
    for name in settings.WAGTAILSEARCH_BACKENDS:
        get_search_backend(name).refresh_indexes()


def upload(data, name="guide.pdf", title="Guide", collection=None):
    """A document saved as the admin's upload form does (size and hash set)."""
    document = get_document_model()(
        title=title,
        file=ContentFile(data, name=name),
        collection=collection or Collection.get_first_root_node(),
    )
    document._set_document_file_metadata()
    document.save()
    return document


def replace_file(document, data, name="guide-v2.pdf"):
    """A new file for an existing document, as the admin's edit form does."""
    document.file = ContentFile(data, name=name)
    document._set_document_file_metadata()
    document.save()
    return document


def dossier(library, document, title="Lancer un budget participatif", slug="budget-participatif"):
    page = publish(
        DossierPageFactory(
            parent=library["library"],
            bare=True,
            title=title,
            slug=slug,
            kind="guide",
            summary="Un pas-à-pas pour les communes qui se lancent.",
            publication_date=datetime.date(2021, 7, 10),
            document=document,
        )
    )
    refresh_indexes()
    return page


def results(client, query, language="fr"):
    path = "/fr/recherche/" if language == "fr" else "/en/search/"
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    return response, {item.pk: item for item in response.context["results_page"].object_list}


def test_a_word_on_page_two_of_the_pdf_finds_the_dossier_and_says_where(library, client):
    document = upload(text_pdf(PAGES))
    page = dossier(library, document)
    assert list(
        DocumentPageText.objects.filter(document=document).values_list("page_number", flat=True)
    ) == [1, 2, 3]

    response, found = results(client, "sociocraties")  # plural: stemmed like the index
    assert page.pk in found
    match = found[page.pk].document_match
    assert match["page"] == 2
    assert match["url"] == f"{document.url}#page=2"
    assert "<mark>sociocratie</mark>" in match["excerpt"]
    html = response.content.decode()
    assert f'href="{document.url}#page=2"' in html
    assert "Trouvé dans le document, page 2" in html


def test_accents_and_case_do_not_matter_for_the_pdf_text(library, client):
    page = dossier(library, upload(text_pdf(PAGES)))
    _response, found = results(client, "GOUVERNANCE PARTAGEE")
    assert found[page.pk].document_match["page"] == 2


def test_the_api_gives_the_same_document_match(library, client):
    document = upload(text_pdf(PAGES))
    page = dossier(library, document)
    data = client.get("/api/search/", {"q": "sociocratie", "locale": "en"}).json()
    assert page.pk not in [result["id"] for result in data["results"]]  # French page only
    data = client.get("/api/search/", {"q": "sociocratie", "locale": "fr"}).json()
    result = next(result for result in data["results"] if result["id"] == page.pk)
    assert result["document_match"]["page"] == 2
    assert result["document_match"]["url"].endswith("#page=2")
    assert result["document_match"]["label"] == "Trouvé dans le document, page 2"
    assert "<mark>sociocratie</mark>" in result["document_match"]["excerpt"]


def test_a_word_of_the_page_itself_is_not_reported_as_found_in_the_document(library, client):
    document = upload(text_pdf(PAGES))
    page = dossier(library, document)
    # "budget participatif" is in the title and on page 1 of the PDF: the page explains itself.
    first = DocumentPageText.objects.get(document=document, page_number=1)
    assert "Budget participatif" in first.text
    _response, found = results(client, "budget participatif")
    assert page.pk in found
    assert found[page.pk].document_match is None


def test_a_corrupt_pdf_is_logged_and_publishing_still_works(library, client, caplog):
    with caplog.at_level(logging.WARNING, logger="resources.documents"):
        document = upload(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> broken", name="casse.pdf")
    assert any(
        record.name == "resources.documents" and str(document.pk) in record.getMessage()
        for record in caplog.records
    )
    assert DocumentText.objects.get(document=document).status == DocumentText.Status.FAILED
    assert not DocumentPageText.objects.filter(document=document).exists()
    page = dossier(library, document, title="Référentiel de la concertation", slug="referentiel")
    assert page.live
    _response, found = results(client, "référentiel concertation")
    assert page.pk in found
    assert found[page.pk].document_match is None


def test_a_replaced_file_replaces_the_text_in_the_search(library, client):
    document = upload(text_pdf(PAGES))
    page = dossier(library, document)
    assert page.pk in results(client, "sociocratie")[1]

    replace_file(document, text_pdf([["Édition révisée"], ["Le tirage au sort des jurys."]]))
    refresh_indexes()
    assert page.pk not in results(client, "sociocratie")[1]
    _response, found = results(client, "tirage au sort")
    assert found[page.pk].document_match["page"] == 2
    assert DocumentText.objects.get(document=document).pages == 2


def test_a_document_that_is_not_a_pdf_is_skipped(library):
    document = upload(b"Nom;Commune\nAtelier;Grenoble\n", name="contacts.csv")
    assert DocumentText.objects.get(document=document).status == DocumentText.Status.NOT_PDF


def test_the_text_of_a_private_document_is_not_searchable(library, client):
    root = Collection.get_first_root_node()
    private = root.add_child(name="Interne")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    page = dossier(library, upload(text_pdf(PAGES), collection=private))
    assert page.pk not in results(client, "sociocratie")[1]
    assert page.pk in results(client, "budget participatif")[1]


def test_the_command_extracts_the_documents_never_extracted(library, client):
    document = upload(text_pdf(PAGES))
    page = dossier(library, document)
    # As for documents uploaded before the extraction existed.
    DocumentText.objects.all().delete()
    DocumentPageText.objects.all().delete()
    page.save_revision().publish()
    refresh_indexes()
    assert page.pk not in results(client, "sociocratie")[1]

    output = io.StringIO()
    call_command("extract_document_text", stdout=output)
    refresh_indexes()
    assert "1 document(s)" in output.getvalue()
    assert page.pk in results(client, "sociocratie")[1]
    output = io.StringIO()
    call_command("extract_document_text", stdout=output)
    assert "0 document(s)" in output.getvalue()


def test_pages_and_characters_are_capped():
    pdf = text_pdf(PAGES)
    pages, truncated = extract_pages(io.BytesIO(pdf), max_pages=2)
    assert [number for number, _text in pages] == [1, 2] and truncated
    pages, truncated = extract_pages(io.BytesIO(pdf), max_chars=40)
    assert sum(len(text) for _number, text in pages) == 40 and truncated
    pages, truncated = extract_pages(io.BytesIO(pdf))
    assert len(pages) == 3 and not truncated


@hypothesis_settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from([b"", b"%PDF-1.4\n", text_pdf(PAGES)[:200]]),
    data=st.binary(max_size=300),
)
def test_any_bytes_give_text_or_an_extraction_error(prefix, data):
    try:
        pages, _truncated = extract_pages(io.BytesIO(prefix + data))
    except ExtractionError:
        return
    assert all(isinstance(text, str) and "\x00" not in text for _number, text in pages)
