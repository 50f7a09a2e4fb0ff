"""The demo's white paper summary has a second PDF page the dossier's own text does not repeat:
searching its words finds the dossier through its PDF, on every backend."""

import pytest
from django.core.management import call_command
from django.utils import translation

from home.demo.loader import demo_page
from resources.models import DocumentPageText
from search.service import LibrarySearch, SearchParams

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def indexed(demo, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("update_index", verbosity=0)
    return demo


def test_the_demo_pdfs_carry_extractable_text(indexed):
    white_paper = demo_page("white-paper-abstention", "fr")
    pages = DocumentPageText.objects.filter(document=white_paper.document)
    assert list(pages.values_list("page_number", flat=True)) == [1, 2]
    assert "vote par correspondance" in pages.get(page_number=2).text


@pytest.mark.parametrize("query", ["vote par correspondance", "procurations", "procuration"])
def test_a_phrase_only_in_the_pdf_finds_the_dossier_at_its_page(indexed, query):
    white_paper = demo_page("white-paper-abstention", "fr")
    with translation.override("fr"):
        found = LibrarySearch(SearchParams(query=query, sort="relevance")).run()
    first = found.page.object_list[:3]
    assert white_paper.pk in [item.pk for item in first], [item.title for item in first]
    match = next(item for item in first if item.pk == white_paper.pk).document_match
    assert match["page"] == 2
    assert match["url"] == f"{white_paper.document.url}#page=2"
