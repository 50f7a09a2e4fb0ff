"""Indexing in chunks (``update_index``) gives the same documents as indexing page by page.

A chunk's related values (themes, tags, territories, organisations) and its dossiers' PDF texts
are read in a fixed number of queries; the memoised analysis gives the same terms as the plain
algorithm; a rebuild sets every title norm and leaves single updates working.
"""

import re
import unicodedata

import pytest
from django.core.management import call_command
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st
from modelsearch.backends import get_search_backend
from wagtail.models import Collection, CollectionViewRestriction

from home.demo.documents import text_pdf
from resources.documents import extract
from resources.models import DossierPage, NewsPage
from search import analysis, indexing
from search.backends.database import AnalyzedDocument, _languages
from search.backends.engines import build
from tests.factories import (
    DocumentFactory,
    DossierPageFactory,
    LibraryTagFactory,
    NewsPageFactory,
    OrganisationFactory,
    TerritoryFactory,
    ThemePageFactory,
    build_bilingual_tree,
    publish,
)

DATABASE = "search.backends.database"

# --- the analysis: memoised, same terms as the plain algorithm --------------------------------


def reference_words(text):
    for match in re.finditer(r"[^\W_]+(?:['’][^\W_]+)*", text):
        parts = re.split(r"['’]", match.group())
        start = match.start()
        while len(parts) > 1 and reference_fold(parts[0]) in analysis.ELISIONS:
            start += len(parts.pop(0)) + 1
        word = reference_fold("".join(parts))
        if word:
            yield word, start, match.end()


def reference_fold(text):
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def reference_analyze(text, language):
    terms = []
    for word, _start, _end in reference_words(text):
        if word not in analysis.STOP_WORDS[language]:
            terms.append(analysis._stemmer(language).stemWord(word))
    return [term for term in terms if term]


PIECES = list("aeiouyélndsqutjcÉÀœæç'’ -_.0123") + ["l'", "qu’", "jusqu'", "L’"]
TEXT = st.lists(st.sampled_from(PIECES), max_size=40).map("".join) | st.text(max_size=40)


@given(text=TEXT, language=st.sampled_from(["fr", "en"]))
def test_memoised_analysis_gives_the_terms_of_the_plain_algorithm(text, language):
    for _ in range(2):  # the second time from the caches
        assert list(analysis.words(text)) == list(reference_words(text))
        assert analysis.analyze(text, language) == reference_analyze(text, language)
        assert analysis.fold_words(text) == [word for word, _s, _e in reference_words(text)]


# --- a chunk: same documents as one page at a time, in a fixed number of queries --------------


@pytest.fixture
def pages(db):
    tree = build_bilingual_tree()
    library = tree.fr.library
    themes = [
        ThemePageFactory(parent=tree.fr.themes, title=title, slug=f"theme-{i}")
        for i, title in enumerate(["Solidarités", "Démocratie locale", "Urbanisme"])
    ]
    tags = [
        LibraryTagFactory(name=name, slug=f"tag-{i}", name_en=f"tag {i}")
        for i, name in enumerate(["tirage au sort", "climat", "budget participatif"])
    ]
    territories = [TerritoryFactory(name=name) for name in ("Saillans", "Kingersheim", "Lille")]
    organisations = [
        OrganisationFactory(name=name, acronym=acronym)
        for name, acronym in (("Décider Ensemble", "DE"), ("Démocratie Ouverte", "DO"))
    ]
    private = Collection.get_first_root_node().add_child(name="Interne")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    public_pdf = DocumentFactory(file__data=text_pdf([["Sociocratie en pratique"], ["Annexes"]]))
    private_pdf = DocumentFactory(
        collection=private, file__data=text_pdf([["Document interne confidentiel"]])
    )
    for document in (public_pdf, private_pdf):
        extract(document)
    news = [
        NewsPageFactory(
            parent=library,
            title=f"Actualité {i} : l'assemblée citoyenne",
            # Tags added in another order than their names': the order of each page's manager.
            taxonomy__tags=tags[i % 3 :] + tags[: i % 3],
            taxonomy__themes=themes[i % 2 : i % 2 + 2],
            taxonomy__territories=territories[: 1 + i % 3],
            taxonomy__organisations=organisations[i % 2 :],
        )
        for i in range(4)
    ]
    dossiers = [
        DossierPageFactory(
            parent=library,
            title=f"Guide {i}",
            document=document,
            taxonomy__themes=themes[:1],
            taxonomy__tags=tags[i:],
        )
        for i, document in enumerate([public_pdf, private_pdf, None])
    ]
    return {NewsPage: [publish(page) for page in news], DossierPage: [publish(p) for p in dossiers]}


def indexed_objects(model):
    return list(model.get_indexed_objects().order_by("pk").prefetch_related(None))


def analysed(doc):
    return doc.title, doc.body_parts, doc.autocomplete, doc.raw


@pytest.mark.parametrize("model", [NewsPage, DossierPage])
def test_a_chunk_is_analysed_as_each_page_alone(pages, model):
    languages = _languages()
    alone = [analysed(AnalyzedDocument(obj, languages)) for obj in indexed_objects(model)]
    objs = indexed_objects(model)
    with indexing.prepared(model, objs):
        chunk = [analysed(AnalyzedDocument(obj, languages)) for obj in objs]
    assert chunk == alone
    assert len(chunk) == len(pages[model])
    if model is DossierPage:
        bodies = [" ".join(raw["body"] for _t, _p, _a, raw in chunk)]
        assert "Sociocratie" in bodies[0]
        assert "confidentiel" not in bodies[0]


@pytest.mark.parametrize("model", [NewsPage, DossierPage])
def test_engine_documents_of_a_chunk_are_those_of_each_page_alone(pages, model):
    backend = build("modelsearch.backends.opensearch3")({"URLS": ["http://127.0.0.1:9"]})
    mapping = backend.mapping_class(model)
    alone = [mapping.get_document(obj) for obj in indexed_objects(model)]
    objs = indexed_objects(model)
    with indexing.prepared(model, objs):
        chunk = [mapping.get_document(obj) for obj in objs]
    assert chunk == alone


@pytest.mark.parametrize(
    ("model", "queries"),
    # tags, themes, territories, organisations; dossiers: restrictions, documents, PDF pages
    [(NewsPage, 4), (DossierPage, 7)],
)
def test_a_chunk_is_loaded_in_a_fixed_number_of_queries(pages, model, queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    languages = _languages()
    for size in (2, len(pages[model])):
        objs = indexed_objects(model)[:size]
        with CaptureQueriesContext(connection) as captured:
            with indexing.prepared(model, objs):
                for obj in objs:
                    AnalyzedDocument(obj, languages)
        assert len(captured) == queries, [query["sql"] for query in captured]


# --- the database backend: rebuild and single updates --------------------------------------


def entries(model):
    from modelsearch.utils import get_content_type_pk

    from search.backends.database import IndexEntry

    return IndexEntry.objects.filter(content_type_id=get_content_type_pk(model))


def test_a_rebuild_sets_every_title_norm_and_single_updates_still_refresh_them(pages):
    backend = get_search_backend(DATABASE)
    call_command("update_index", backend_name=DATABASE, verbosity=0)
    norms = dict(entries(NewsPage).values_list("object_id", "title_norm"))
    assert len(norms) == len(pages[NewsPage])
    assert 1.0 not in norms.values()  # titles of other lengths than the average

    page = pages[NewsPage][0]
    page.title = "Un titre bien plus long que tous les autres : la convention citoyenne"
    publish(page)
    backend.add(page)
    entry = entries(NewsPage).get(object_id=str(page.pk))
    assert entry.title_norm != 1.0
    assert entry.title_norm < norms[str(page.pk)]  # a longer title: a smaller norm
    # The full-text index follows the update (its trigger survived the rebuild).
    with translation.override("fr"):
        found = backend.search("convention", NewsPage.objects.all())
    assert [result.pk for result in found] == [page.pk]


# --- PostgreSQL: one statement per chunk, vectors computed by the database ---------------------


def entry_rows():
    """{(content type, object id): (id, title, body, autocomplete, texts, norm)} of every entry."""
    from search.backends.database import IndexEntry

    columns = ("title", "body", "autocomplete", "title_text", "body_text", "title_norm")
    return {
        (row[0], row[1]): row[2:]
        for row in IndexEntry.objects.values_list("content_type_id", "object_id", "id", *columns)
    }


def reference_vector(parts, config):
    """A vector as modelsearch's expressions build it: one weighted vector per part, ``||``."""
    from django.contrib.postgres.search import SearchVector
    from django.db.models import TextField, Value

    parts = [(text, weight) for text, weight in parts if text]
    if not parts:
        return SearchVector(Value("", output_field=TextField()), config=config)
    vectors = [
        SearchVector(Value(text, output_field=TextField()), config=config, weight=weight)
        for text, weight in parts
    ]
    result = vectors[0]
    for vector in vectors[1:]:
        result = result + vector
    return result


def on_postgres():
    from django.db import connection

    return connection.vendor == "postgresql"


def refresh_all_norms():
    backend = get_search_backend(DATABASE)
    backend.get_index_for_model(NewsPage)._refresh_title_norms(full=True)


@pytest.mark.postgres
def test_postgres_entries_hold_the_vectors_of_modelsearchs_expressions(pages):
    from modelsearch.backends.database.postgres.weights import get_weight
    from modelsearch.index import get_indexed_models
    from modelsearch.utils import get_content_type_pk

    from search.backends.database import IndexEntry

    assert on_postgres(), "run with DATABASE_URL pointing to PostgreSQL"
    config = get_search_backend(DATABASE).config
    call_command("update_index", backend_name=DATABASE, chunk_size=2, verbosity=0)
    languages = _languages()
    checked = 0
    for model in get_indexed_models():
        if not model.get_search_fields() or not entries(model).exists():
            continue
        for obj in indexed_objects(model):
            doc = AnalyzedDocument(obj, languages)
            body = [(text, get_weight(boost)) for text, boost in doc.body_parts]
            expected = (
                IndexEntry.objects.filter(pk=entries(model).get(object_id=doc.id).pk)
                .annotate(
                    title_expected=reference_vector([(doc.title, "A")], config),
                    body_expected=reference_vector(body, config),
                    autocomplete_expected=reference_vector([(doc.autocomplete, "D")], "simple"),
                )
                .values_list("title_expected", "body_expected", "autocomplete_expected")
                .get()
            )
            stored = entry_rows()[(get_content_type_pk(model), doc.id)]
            assert stored[1:4] == expected, (model, doc.id)
            assert stored[4:6] == (doc.raw["title"], doc.raw["body"])
            checked += 1
    # Every page of the fixture, with its themes, tags, territories and PDF text.
    assert checked >= len(pages[NewsPage]) + len(pages[DossierPage])


def entry_scores(words):
    """{object id: score} of the library entries matching ``words`` (lower is better)."""
    from resources.models import LibraryPage

    with translation.override("fr"):
        compiler = LibraryPage.objects.search(words, operator="or").query_compiler
        return dict(compiler.matching_entries(scored=True).values_list("object_id", "score"))


@pytest.mark.postgres
def test_postgres_rebuild_gives_the_entries_and_ranks_of_single_updates(pages):
    assert on_postgres(), "run with DATABASE_URL pointing to PostgreSQL"
    backend = get_search_backend(DATABASE)
    call_command("update_index", backend_name=DATABASE, chunk_size=3, verbosity=0)
    rebuilt = entry_rows()
    words = "assemblée citoyenne guide sociocratie climat Saillans"
    rebuilt_scores = entry_scores(words)
    assert len(rebuilt_scores) == len(pages[NewsPage]) + len(pages[DossierPage])
    assert len(set(rebuilt_scores.values())) > 2

    # Each page indexed alone (its relations read through its own managers), then every norm
    # refreshed as the end of a rebuild does.
    for model in (NewsPage, DossierPage):
        for obj in indexed_objects(model):
            entries(model).filter(object_id=str(obj.pk)).delete()
            backend.add(obj)
    refresh_all_norms()
    single = entry_rows()
    assert single.keys() == rebuilt.keys()
    assert {key: row[1:] for key, row in single.items()} == {
        key: row[1:] for key, row in rebuilt.items()
    }
    assert entry_scores(words) == rebuilt_scores


@pytest.mark.postgres
def test_postgres_rebuild_inserts_in_object_order(pages):
    from search.backends.database import IndexEntry

    assert on_postgres(), "run with DATABASE_URL pointing to PostgreSQL"
    IndexEntry.objects.all().delete()
    for _ in range(2):  # into an empty index, then over its own entries
        call_command("update_index", backend_name=DATABASE, chunk_size=2, verbosity=0)
        for model in (NewsPage, DossierPage):
            rows = sorted(entries(model).values_list("id", "object_id"))
            assert [int(object_id) for _id, object_id in rows] == [p.pk for p in pages[model]]


@pytest.mark.postgres
def test_postgres_rebuild_leaves_the_planner_statistics_of_the_new_index(pages):
    """A rebuild rewrites the whole entry table: its statistics are taken at the end (a fresh
    index otherwise keeps estimates from before; new searches at 100,000 items took a third
    longer until autovacuum came)."""
    from django.db import connection
    from modelsearch.conf import get_app_config

    assert on_postgres(), "run with DATABASE_URL pointing to PostgreSQL"
    entry = get_app_config().get_model("IndexEntry")
    table = entry._meta.db_table
    with connection.cursor() as cursor:
        # Statistics from another content than the one about to be indexed.
        cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")  # noqa: S608
    publish(NewsPageFactory(parent=pages[NewsPage][0].get_parent(), title="Une de plus"))
    call_command("update_index", backend_name=DATABASE, verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        (estimated,) = cursor.fetchone()
    assert estimated == entry.objects.count() > 0
