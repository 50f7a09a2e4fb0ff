"""Facet counts follow the library at once and agree with a plain reading of the database."""

import pytest
from django.db import IntegrityError, transaction

from resources.models import LibraryPage, Territory
from resources.models.snippets import LibraryPageTag
from tests.factories import NewsPageFactory, publish
from tests.search.content import refresh_indexes


@pytest.mark.django_db
def test_counts_follow_publishing_unpublishing_and_taxonomy(library, client):
    """No restart and nothing to rebuild: each search counts in the database."""
    school = LibraryPage.objects.get(pk=library["items"]["school"].pk).specific
    params = {"q": "", "sort": "date"}
    first = client.get("/fr/recherche/", params).context["search"].count

    school.unpublish()
    assert client.get("/fr/recherche/", params).context["search"].count == first - 1

    school.save_revision().publish()
    refresh_indexes()
    assert client.get("/fr/recherche/", params).context["search"].count == first

    health = library["themes"]["health"]
    before = client.get("/fr/recherche/", {"theme": str(health.pk)}).context["search"].count
    was_tagged = health.pk in school.themes.values_list("pk", flat=True)
    LibraryPage.themes.through.objects.filter(librarypage_id=school.pk).delete()
    LibraryPage.themes.through.objects.create(librarypage_id=school.pk, themepage=health)
    after = client.get("/fr/recherche/", {"theme": str(health.pk)}).context["search"].count
    assert after == before + (0 if was_tagged else 1)


@pytest.mark.django_db
def test_a_search_refined_after_a_publish_sees_the_new_item(library, client):
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


def below(territory):
    """The territory and everything under it, read one level at a time through the ORM."""
    found, level = {territory.pk}, [territory.pk]
    while level:
        level = list(Territory.objects.filter(parent__in=level).values_list("pk", flat=True))
        level = [pk for pk in level if pk not in found]
        found.update(level)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/fr/recherche/", "/en/search/"])
def test_every_bucket_counts_what_the_database_says(library, client, path):
    """Each value's count with no selection, against the items read one by one."""
    response = client.get(path, {"sort": "date"})
    shown = {item for item in LibraryPage.objects.filter(pk__in=_all_ids(client, path))}
    facets = {facet["name"]: facet for facet in response.context["facets"]}
    assert facets["territory"]["buckets"] and facets["theme"]["buckets"]
    for bucket in facets["territory"]["buckets"]:
        inside = below(Territory.objects.get(pk=int(bucket["value"])))
        expected = sum(1 for page in shown if inside & {t.pk for t in page.territories.all()})
        assert bucket["count"] == expected, bucket["label"]
    for bucket in facets["theme"]["buckets"]:
        key = LibraryPage.themes.field.related_model.objects.get(pk=bucket["value"])
        expected = sum(
            1
            for page in shown
            if key.translation_key in {t.translation_key for t in page.themes.all()}
        )
        assert bucket["count"] == expected, bucket["label"]
    for bucket in facets["year"]["buckets"]:
        expected = sum(1 for page in shown if page.publication_date.year == int(bucket["value"]))
        assert bucket["count"] == expected
    assert facets["tag"]["buckets"]
    for bucket in facets["tag"]["buckets"]:
        expected = sum(1 for page in shown if bucket["value"] in page.tag_slugs)
        assert bucket["count"] == expected, bucket["label"]
    for name in ("organisation", "audience"):
        field = getattr(LibraryPage, f"{name}s").field
        assert facets[name]["buckets"], name
        for bucket in facets[name]["buckets"]:
            key = field.related_model.objects.get(pk=bucket["value"]).translation_key
            linked = (
                {linked.translation_key for linked in getattr(page, f"{name}s").all()}
                for page in shown
            )
            assert bucket["count"] == sum(1 for keys in linked if key in keys), bucket["label"]


@pytest.mark.django_db
def test_a_tag_is_linked_to_an_item_once(library):
    """Tags are counted without DISTINCT: the database refuses a second link."""
    link = LibraryPageTag.objects.select_related("content_object", "tag").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        LibraryPageTag.objects.create(content_object=link.content_object, tag=link.tag)


def _all_ids(client, path):
    ids, number = [], 1
    while True:
        data = client.get("/api/search/", {"page": number, "locale": path[1:3]}).json()
        ids += [result["id"] for result in data["results"]]
        if not data["next"]:
            return ids
        number = data["next"]
