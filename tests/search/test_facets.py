"""The in-memory facet index: bitset arithmetic, and staying in step with the library."""

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st

from resources.models import LibraryPage
from search.facets import bits_of, facet_index, positions_in
from search.models import FacetIndexVersion
from tests.factories import NewsPageFactory, publish
from tests.search.content import refresh_indexes

positions = st.lists(st.integers(min_value=0, max_value=5000), max_size=300)


@given(positions)
def test_bits_of_sets_exactly_the_positions(chosen):
    bits = bits_of(chosen, 5001)
    assert bits.bit_count() == len(set(chosen))
    assert all(bits >> p & 1 for p in chosen)


@given(positions, st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=40))
def test_positions_in_is_a_slice_of_the_sorted_positions(chosen, start, length):
    expected = sorted(set(chosen))[start : start + length]
    assert positions_in(bits_of(chosen, 5001), start, start + length) == expected


@pytest.mark.django_db
def test_index_follows_publishing_unpublishing_and_taxonomy(library, client):
    """No restart needed: each change renews the token and the next search rebuilds."""
    school = LibraryPage.objects.get(pk=library["items"]["school"].pk).specific
    params = {"q": "", "sort": "date"}
    first = client.get("/fr/recherche/", params).context["search"].count
    token = FacetIndexVersion.objects.get().token

    school.unpublish()
    assert FacetIndexVersion.objects.get().token != token
    assert client.get("/fr/recherche/", params).context["search"].count == first - 1

    school.save_revision().publish()
    refresh_indexes()
    assert client.get("/fr/recherche/", params).context["search"].count == first

    health = library["themes"]["health"]
    before = client.get("/fr/recherche/", {"theme": str(health.pk)}).context["search"].count
    LibraryPage.themes.through.objects.filter(librarypage_id=school.pk).delete()
    LibraryPage.themes.through.objects.create(librarypage_id=school.pk, themepage=health)
    after = client.get("/fr/recherche/", {"theme": str(health.pk)}).context["search"].count
    was_tagged = health.pk in school.themes.values_list("pk", flat=True)
    assert after == before + (0 if was_tagged else 1)


@pytest.mark.django_db
def test_draft_saves_keep_the_index(library):
    """Saving a draft changes nothing live: the facet index is not rebuilt for it."""
    school = LibraryPage.objects.get(pk=library["items"]["school"].pk).specific
    index = facet_index(school.locale)
    school.title = "Un brouillon"
    school.save_revision()
    assert facet_index(school.locale) is index


@pytest.mark.django_db
def test_update_index_renews_the_token(library):
    """After an import made without model signals, ``update_index`` makes searches see it."""
    school = LibraryPage.objects.get(pk=library["items"]["school"].pk)
    before = facet_index(school.locale)
    LibraryPage.objects.filter(pk=school.pk).update(publication_date="1999-01-01")  # no signal
    assert facet_index(school.locale) is before
    call_command("update_index", verbosity=0)
    after = facet_index(school.locale)
    assert after is not before
    assert 1999 in after.values["year"]


@pytest.mark.django_db
def test_a_search_refined_after_a_publish_sees_the_new_item(library, client):
    """Words matched for a search are kept for its refinements, never past a change."""
    params = {"q": "crise sanitaire"}
    before = client.get("/fr/recherche/", params).context["search"].count
    page = publish(
        NewsPageFactory(parent=library["library"], bare=True, title="Une crise sanitaire locale")
    )
    refresh_indexes()
    try:
        refined = client.get("/fr/recherche/", {**params, "type": "news"}).context["search"]
        assert page.pk in [item.pk for item in refined.page.object_list]
        assert client.get("/fr/recherche/", params).context["search"].count == before + 1
    finally:
        page.unpublish()
        refresh_indexes()


def test_the_index_holds_what_the_database_says(library, db):
    """Every item's facet values and search entries, read one by one through the ORM, against
    the index built from whole tables."""
    from modelsearch.conf import get_app_config
    from wagtail.models import Locale

    for language in ("fr", "en"):
        index = facet_index(Locale.objects.get(language_code=language))
        assert index.pks
        for pk in index.pks:
            page = LibraryPage.objects.get(pk=pk)
            position = index.position[pk]
            expected = {
                "theme": {str(theme.translation_key) for theme in page.themes.all()},
                "tag": {tag.slug for tag in page.tags.all()},
                "organisation": {str(o.translation_key) for o in page.organisations.all()},
                "audience": {str(a.translation_key) for a in page.audiences.all()},
                "year": {page.publication_date.year},
            }
            for facet, values in expected.items():
                held = {key for key, bits in index.values[facet].items() if bits >> position & 1}
                assert held == values, (facet, page.title)
            territories = set()
            for territory in page.territories.all():
                while territory is not None:
                    territories.add(territory.pk)
                    territory = territory.parent
            held = {key for key, bits in index.values["territory"].items() if bits >> position & 1}
            assert held == territories, page.title
        entry = get_app_config().get_model("IndexEntry")
        entries, positions = index.entry_lookup()
        expected_entries = sorted(
            (entry_id, index.position[int(object_id)])
            for entry_id, object_id in entry.objects.values_list("pk", "object_id")
            if object_id.isdigit() and int(object_id) in index.position
        )
        if expected_entries:  # database backends only
            assert list(zip(entries.tolist(), positions.tolist(), strict=True)) == expected_entries
