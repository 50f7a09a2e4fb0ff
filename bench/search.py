"""Library search benchmark: indexing time, query latency and update_index memory per backend.

    python -m bench search [--items 10000] [--backend sqlite|postgres|opensearch ...] [--runs 40]
                           [--warm-up 1500]

Each backend runs in its own process on its own data: a temporary SQLite file; a temporary
PostgreSQL database created next to ``BENCH_POSTGRES_URL`` (default: ``scripts/postgres url``)
and dropped afterwards; for OpenSearch a temporary SQLite file plus indexes under a unique prefix
on ``BENCH_OPENSEARCH_URL`` (default: ``scripts/opensearch url``), deleted afterwards. The
developer's database and indexes are never touched.

The library is generated deterministically (seed 2021) from civic-participation vocabulary and
inserted in bulk (one INSERT per table and batch, tree paths computed like treebeard's), not page
by page: creation is timed separately from indexing. Indexing is ``manage.py update_index`` in a
child process (its wall time and peak RSS from ``wait4``). Latencies are measured in-process with
Django's test client on the search page (engine + facet counts + one page of results), the
suggestions endpoint and the search page with filters and no words (no engine). On OpenSearch,
``--warm-up`` new searches come first (``warm_engine``): a freshly started JVM answers its first
thousand searches slower; the first 100 of them are reported on a row of their own.
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 2021
BATCH = 500

SUBJECTS = [
    "la concertation",
    "le budget participatif",
    "l'assemblée citoyenne",
    "le conseil de quartier",
    "la convention citoyenne",
    "le débat public",
    "la démocratie participative",
    "le jury citoyen",
    "la consultation en ligne",
    "l'atelier de coconstruction",
    "la mairie",
    "l'intercommunalité",
    "le département",
    "la région",
    "l'association",
    "le collectif d'habitants",
    "le tiers-lieu",
    "la maison France services",
]
VERBS = [
    "associe",
    "mobilise",
    "accompagne",
    "consulte",
    "réunit",
    "forme",
    "implique",
    "soutient",
    "écoute",
    "rassemble",
    "outille",
    "sensibilise",
]
OBJECTS = [
    "les habitants",
    "les jeunes",
    "les élus locaux",
    "les agents territoriaux",
    "les associations",
    "les citoyens tirés au sort",
    "les acteurs économiques",
    "les usagers des services publics",
    "les bénévoles",
    "les riverains",
    "les aînés",
]
TOPICS = [
    "la transition écologique",
    "la rénovation urbaine",
    "les mobilités douces",
    "l'alimentation durable",
    "la santé publique",
    "l'accès au numérique",
    "la revitalisation du centre-bourg",
    "la gestion de l'eau",
    "l'éducation populaire",
    "la solidarité de proximité",
    "la crise sanitaire",
    "l'aménagement du territoire",
    "la biodiversité",
    "le logement",
    "la culture",
    "les services publics",
]
PLACES = [
    "Grenoble",
    "Lille",
    "Nantes",
    "Rennes",
    "Strasbourg",
    "Bordeaux",
    "Lyon",
    "Marseille",
    "Toulouse",
    "Dijon",
    "Brest",
    "Poitiers",
    "Besançon",
    "Kingersheim",
    "Saillans",
    "Loos-en-Gohelle",
    "Trappes",
    "Montreuil",
    "Clermont-Ferrand",
    "Tours",
]
MODIFIERS = [
    "pendant six mois",
    "avec une méthode ouverte",
    "dans chaque quartier",
    "en ligne et sur place",
    "avec l'appui d'un garant",
    "à partir d'un diagnostic partagé",
    "grâce à un tirage au sort",
    "au plus près du terrain",
    "avec une évaluation publique",
    "sur tout le territoire",
]
TITLE_HEADS = [
    "Budget participatif",
    "Assemblée citoyenne",
    "Concertation",
    "Atelier citoyen",
    "Consultation",
    "Conseil de jeunes",
    "Plateforme d'entraide",
    "Guide pratique",
    "Retour d'expérience",
    "Appel à projets",
    "Webinaire",
    "Observatoire",
    "Laboratoire",
]
THEMES = [
    "Démocratie locale",
    "Transition écologique",
    "Santé",
    "Numérique",
    "Jeunesse",
    "Solidarités",
    "Urbanisme",
    "Alimentation",
    "Culture",
    "Mobilités",
    "Éducation",
    "Eau",
]
TAGS = [
    "tirage-au-sort",
    "budget-participatif",
    "jeunesse",
    "climat",
    "quartiers",
    "ruralite",
    "numerique",
    "sante",
    "evaluation",
    "formation",
    "garant",
    "mediation",
    "civic-tech",
    "agenda-21",
    "coconstruction",
    "conseil-citoyen",
    "referendum-local",
    "petition",
    "droit-d-interpellation",
    "communs",
    "tiers-lieux",
    "logement",
    "eau",
    "energie",
    "mobilite",
    "alimentation",
    "culture",
    "sport",
    "seniors",
    "handicap",
]
FACETED = [
    {"q": "concertation habitants", "theme": 0},
    {"q": "budget participatif", "type": "project"},
    {"q": "transition écologique jeunes", "tag": "climat"},
    {"q": "assemblée citoyenne tirage au sort"},
    {"q": "santé publique", "year": "2022", "theme": 2},
    {"q": "numérique associations", "type": ["news", "dossier"]},
]
# Words of the generated sentences that new searches are made of (see ``fresh_searches``).
FRESH_WORDS = [
    ("concertation", "budget", "assemblée", "conseil", "convention", "débat", "démocratie",
     "jury", "consultation", "atelier", "mairie", "association", "collectif", "région"),
    ("habitants", "jeunes", "élus", "agents", "associations", "citoyens", "acteurs",
     "usagers", "bénévoles", "riverains", "aînés"),
    ("transition", "rénovation", "mobilités", "alimentation", "santé", "numérique",
     "revitalisation", "eau", "éducation", "solidarité", "crise", "aménagement",
     "biodiversité", "logement", "culture", "services"),
]  # fmt: skip
PREFIXES = ["concer", "budg", "assemb", "trans", "démocr", "ecol", "numér", "solid", "gren"]
FILTERS = [
    {"type": "project"},
    {"theme": 1, "year": "2021"},
    {"tag": ["quartiers", "climat"]},
    {"type": "news", "theme": 3},
    {"year": ["2019", "2020"], "type": "dossier"},
]


def sentence(rng):
    return (
        f"{rng.choice(SUBJECTS).capitalize()} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
        f"autour de {rng.choice(TOPICS)} à {rng.choice(PLACES)} {rng.choice(MODIFIERS)}."
    )


def paragraph(rng, sentences):
    return " ".join(sentence(rng) for _ in range(sentences))


# --- the child: one backend ------------------------------------------------------------------


def setup_django(backend, tmp, database_url, search_url):
    import warnings

    warnings.filterwarnings("ignore")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["VAR_DIR"] = tmp
    os.environ["DATABASE_URL"] = database_url
    os.environ["SEARCH_URL"] = search_url
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = Path(tmp) / "media"
    call_command("migrate", verbosity=0, interactive=False)
    import config.wsgi  # noqa: F401 - the process then holds what a server's does (gc.freeze)


def insert(model, objs, fields, returning=False):
    """INSERT only ``model``'s own table (multi-table inheritance: one call per level)."""
    rows = []
    manager = model._base_manager
    for start in range(0, len(objs), BATCH):
        chunk = objs[start : start + BATCH]
        returned = manager._insert(
            chunk,
            fields=fields,
            returning_fields=[model._meta.pk] if returning else None,
            using="default",
        )
        rows += returned or []
    return rows


def build_library(items, rng):
    """Taxonomy with the ORM, then ``items`` library pages inserted in bulk. Returns ids."""
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone
    from wagtail.models import Locale, Page, Site

    from home.models import HomePage
    from resources.models import (
        Audience,
        DossierPage,
        LibraryIndexPage,
        LibraryPage,
        NewsPage,
        Organisation,
        ProjectPage,
        Territory,
        ThemeIndexPage,
        ThemePage,
    )
    from resources.models.snippets import LibraryPageTag, LibraryTag

    fr = Locale.objects.get_or_create(language_code="fr")[0]
    Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="Accueil", slug="accueil-bench", intro="Réseau"))
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
    )
    theme_index = home.add_child(instance=ThemeIndexPage(title="Thématiques", slug="thematiques"))
    library = home.add_child(instance=LibraryIndexPage(title="Bibliothèque", slug="bibliotheque"))
    themes = [
        theme_index.add_child(instance=ThemePage(title=name, slug=f"theme-{i}", intro=name))
        for i, name in enumerate(THEMES)
    ]
    tags = LibraryTag.objects.bulk_create(
        LibraryTag(name=slug.replace("-", " "), slug=slug, name_en=slug) for slug in TAGS
    )
    region = Territory.objects.create(name="Auvergne-Rhône-Alpes", kind="region")
    territories = [region] + [
        Territory.objects.create(name=place, kind="commune", parent=region) for place in PLACES
    ]
    organisations = [
        Organisation.objects.create(name=name, kind="association", locale=fr)
        for name in ("Décider Ensemble", "Démocratie Ouverte", "ICPC", "ANCT", "Banque des Terr.")
    ]
    audiences = [
        Audience.objects.create(name=name, locale=fr)
        for name in ("Élus", "Agents", "Associations", "Citoyens")
    ]

    kinds = [
        (NewsPage, {"kind": "announcement"}),
        (ProjectPage, {}),
        (DossierPage, {"kind": "guide"}),
    ]
    cts = {model: ContentType.objects.get_for_model(model) for model, _extra in kinds}
    now = timezone.now()
    pages = []
    for i in range(items):
        model, extra = kinds[i % len(kinds)]
        title = f"{rng.choice(TITLE_HEADS)} : {rng.choice(TOPICS)} à {rng.choice(PLACES)} ({i})"
        slug = f"item-{i}"
        body = [
            {"type": "paragraph", "value": f"<p>{paragraph(rng, 4)}</p>", "id": str(uuid.uuid4())}
            for _ in range(rng.randint(2, 4))
        ]
        page = model(
            title=title,
            draft_title=title,
            slug=slug,
            content_type=cts[model],
            locale=fr,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            path=Page._get_path(library.path, library.depth + 1, i + 1),
            depth=library.depth + 1,
            numchild=0,
            url_path=f"{library.url_path}{slug}/",
            summary=paragraph(rng, 2),
            body=json.dumps(body),
            publication_date=now.date().replace(year=2018 + i % 8, month=1 + i % 12, day=1),
            **extra,
        )
        pages.append(page)
    page_fields = [f for f in Page._meta.local_concrete_fields if f.name != "id"]
    ids = [row[0] for row in insert(Page, pages, page_fields, returning=True)]
    for page, pk in zip(pages, ids, strict=True):
        page.id = page.page_ptr_id = pk
        page.librarypage_ptr_id = pk
    insert(LibraryPage, pages, LibraryPage._meta.local_concrete_fields)
    for model, _extra in kinds:
        own = [page for page in pages if type(page) is model]
        insert(model, own, model._meta.local_concrete_fields)
    Page.objects.filter(pk=library.pk).update(numchild=items)

    def links(through, column, choices, per_item):
        through.objects.bulk_create(
            (
                through(**{"librarypage_id": pk, f"{column}_id": choice.pk})
                for pk in ids
                for choice in rng.sample(choices, per_item)
            ),
            batch_size=2000,
        )

    links(LibraryPage.themes.through, "themepage", themes, 2)
    links(LibraryPage.territories.through, "territory", territories, 1)
    links(LibraryPage.organisations.through, "organisation", organisations, 1)
    links(LibraryPage.audiences.through, "audience", audiences, 2)
    LibraryPageTag.objects.bulk_create(
        (LibraryPageTag(content_object_id=pk, tag=t) for pk in ids for t in rng.sample(tags, 3)),
        batch_size=2000,
    )
    return {"themes": [t.pk for t in themes]}


def update_index(env):
    """``manage.py update_index`` in a child process: (wall seconds, peak RSS in MB).

    The peak is the child's own ``VmHWM``, read while it runs: ``wait4``'s ``ru_maxrss`` would
    include the memory of this (forked) process, which exec hands down to the child's count.
    """
    start = time.perf_counter()
    child = subprocess.Popen(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), "update_index", "--verbosity", "0"],
        env=env,
        cwd=ROOT,
    )
    peak_kb = 0
    status = Path(f"/proc/{child.pid}/status")
    while child.poll() is None:
        try:
            for line in status.read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak_kb = max(peak_kb, int(line.split()[1]))
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    elapsed = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit("update_index failed")
    return elapsed, peak_kb / 1024


def latencies(client, url, params_list, runs, before=None, warm=True):
    """p50 and p95 (ms) of ``runs`` GETs cycling over ``params_list`` (after a warm-up of each,
    unless ``warm`` is False: searches meant to be new).

    ``before`` runs ahead of each timed request, untimed (e.g. emptying a kept result).
    """
    if warm:
        for params in params_list:
            response = client.get(url, params)
            assert response.status_code == 200, (url, params, response.status_code)
    times = []
    for i in range(runs):
        params = params_list[i % len(params_list)]
        if before is not None:
            before()
        start = time.perf_counter()
        response = client.get(url, params)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def fresh_searches(count):
    """``count`` searches no earlier one of the run made: two words of the generated sentences
    (a subject's and an object's, or an object's and a topic's; beyond the 330 pairs, three),
    with the filters of ``FACETED`` in turn.

    What new words cost, with nothing emptied beforehand: emptying an OpenSearch node's request
    cache empties its filter cache too, which no new search does in real use.
    """
    rng = random.Random(SEED + 1)  # noqa: S311 - deterministic queries, not security
    subjects, objects, topics = FRESH_WORDS
    pairs = [(a, b) for a in subjects for b in objects]
    pairs += [(a, b) for a in objects for b in topics]
    chosen = rng.sample(pairs, min(count, len(pairs)))
    if count > len(pairs):  # many runs: three words too (fewer matches each)
        triples = [(a, b, c) for a in subjects for b in objects for c in topics]
        chosen += rng.sample(triples, min(count - len(pairs), len(triples)))
    return [{**FACETED[i % len(FACETED)], "q": " ".join(words)} for i, words in enumerate(chosen)]


def warm_engine(client, timed, themes, count):
    """Make ``count`` new searches (none of ``timed``) before anything is timed, and return
    p50 and p95 (ms) of the first 100 of them.

    A freshly started engine runs its search code in the JVM's interpreter and first compilers:
    its first thousand searches at 100,000 items take about half again as long as they do
    later (measured in batches of 100: p50 34 ms for the first batch, 26 for the next five, 18
    to 21 after 1,400). Nodes serving a site run for days, so the timed rows measure a warm
    node; the table shows the first searches separately."""
    taken = {params["q"] for params in timed}
    searches = [
        params for params in fresh_searches(len(timed) + count) if params["q"] not in taken
    ][:count]
    searches = with_themes(searches, themes)
    first, rest = searches[:100], searches[100:]
    started = latencies(client, "/fr/recherche/", first, len(first), warm=False)
    if rest:
        latencies(client, "/fr/recherche/", rest, len(rest), warm=False)
    return started


def with_themes(params_list, themes):
    return [
        {k: (themes[v] if k == "theme" else v) for k, v in params.items()} for params in params_list
    ]


def run_one(backend, items, runs, database_url, search_url, warm_up=0, keep=""):
    with tempfile.TemporaryDirectory() as tmp:
        reuse = False
        if not database_url:
            path = Path(keep) / f"bench-{items}.sqlite3" if keep else Path(tmp) / "bench.sqlite3"
            reuse = path.exists()
            database_url = f"sqlite:///{path}"
        else:
            reuse = bool(keep)
        setup_django(backend, tmp, database_url, search_url)
        from django.db import connection
        from django.test import Client

        if reuse and _built(items):
            from resources.models import ThemePage

            built = {"themes": list(ThemePage.objects.order_by("pk").values_list("pk", flat=True))}
            created = indexed = rss = float("nan")
            if backend == "opensearch":  # the engine's indexes go with each run: built again
                connection.close()
                indexed, rss = update_index(dict(os.environ, PYTHONPATH=str(ROOT)))
        else:
            rng = random.Random(SEED)  # noqa: S311 - deterministic content, not security
            start = time.perf_counter()
            built = build_library(items, rng)
            created = time.perf_counter() - start
            connection.close()
            env = dict(os.environ, PYTHONPATH=str(ROOT))
            indexed, rss = update_index(env)
        _analyze()

        client = Client()
        themes = built["themes"]
        publishes = max(runs // 4, 5)
        timed = fresh_searches(2 * runs + publishes)
        engine_start = None
        if backend == "opensearch" and warm_up:
            engine_start = warm_engine(client, timed, themes, warm_up)
        faceted = latencies(client, "/fr/recherche/", with_themes(FACETED, themes), runs)
        # Searches seen before are answered from what the process keeps (a database backend's
        # word matches) or the engine keeps (its request cache, until its index changes).
        # New searches: words no earlier search of the run combined, each made once.
        fresh = with_themes(timed, themes)
        cold = latencies(client, "/fr/recherche/", fresh[:runs], runs, warm=False)
        suggest = latencies(
            client, "/fr/recherche/suggestions/", [{"q": p} for p in PREFIXES], runs
        )
        filtered = latencies(client, "/fr/recherche/", with_themes(FILTERS, themes), runs)
        # The first search after a library item's publication (Wagtail's publish, signals
        # and all, untimed): nothing is rebuilt, so it should cost what any new search costs.
        from resources.models import LibraryPage

        published = LibraryPage.objects.filter(live=True).order_by("pk").first().specific

        def item_published():
            published.save_revision().publish()

        after_publish = latencies(
            client,
            "/fr/recherche/",
            fresh[runs : runs + publishes],
            publishes,
            item_published,
            False,
        )
        from django.db import connection as db
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(db) as done:
            client.get("/fr/recherche/", with_themes(fresh_searches(1), themes)[0])
        page_queries = len(done.captured_queries)
        hits = client.get("/api/search/", {"q": "concertation", "locale": "fr"}).json()["count"]
        return {
            "backend": backend,
            "items": items,
            "create_s": created,
            "index_s": indexed,
            "docs_per_s": items / indexed,
            "rss_mb": rss,
            "faceted": faceted,
            "faceted_cold": cold,
            "engine_start": engine_start,
            "search_page_queries": page_queries,
            "suggest": suggest,
            "filter": filtered,
            "after_publish": after_publish,
            "hits": hits,
        }


def _built(items):
    """Whether the database kept by ``--keep`` already holds the generated library."""
    from resources.models import LibraryPage

    return LibraryPage.objects.count() >= items


def _analyze():
    """PostgreSQL after the bulk load as autovacuum leaves a live site: tables vacuumed (rows
    known visible, so index-only scans need no table reads) and planner statistics. Without
    it, autovacuum runs during the timed searches and their first reads write hint bits
    (faceted p95 88 ms instead of 68 at 10,000 items, same code). SQLite is measured without
    statistics: Django never runs its ``ANALYZE``."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def child_main(args):
    database_url, search_url, cleanup = "", "", None
    tag = f"benchkeep{args.items}" if args.keep else f"bench{os.getpid()}"
    if args.backend == "postgres":
        import psycopg

        server = (
            os.environ.get("BENCH_POSTGRES_URL")
            or subprocess.run(  # noqa: S603
                [str(ROOT / "scripts" / "postgres"), "url"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        )
        base, _slash, _name = server.rpartition("/")
        with psycopg.connect(server.replace("postgres://", "postgresql://"), autocommit=True) as c:
            exists = c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [tag]).fetchone()
            if not exists:
                c.execute(f"CREATE DATABASE {tag}")

        def cleanup():
            from django.db import connections

            connections.close_all()
            if args.keep:
                return
            with psycopg.connect(
                server.replace("postgres://", "postgresql://"), autocommit=True
            ) as c:
                c.execute(f"DROP DATABASE IF EXISTS {tag}")

        database_url = f"{base}/{tag}"
    elif args.backend == "opensearch":
        url = (
            os.environ.get("BENCH_OPENSEARCH_URL")
            or subprocess.run(  # noqa: S603
                [str(ROOT / "scripts" / "opensearch"), "url"], capture_output=True, text=True
            ).stdout.strip()
        )
        search_url = f"opensearch://{url.split('://', 1)[-1]}?prefix={tag}_&timeout=30"

        def cleanup():
            import urllib.request

            request = urllib.request.Request(f"{url}/{tag}_*", method="DELETE")  # noqa: S310
            urllib.request.urlopen(request, timeout=30).close()  # noqa: S310 - our local node

    try:
        result = run_one(
            args.backend, args.items, args.runs, database_url, search_url, args.warm_up, args.keep
        )
    finally:
        if cleanup:
            cleanup()
    print("RESULT " + json.dumps(result), flush=True)


# --- the parent: every backend, one table -------------------------------------------------


def pair(latency):
    return "{:.0f} / {:.0f}".format(*latency) if latency else "–"


def table(results):
    rows = [
        ("items", lambda r: f"{r['items']:,}"),
        ("bulk creation (s)", lambda r: f"{r['create_s']:.1f}"),
        ("update_index (s)", lambda r: f"{r['index_s']:.1f}"),
        ("indexing docs/s", lambda r: f"{r['docs_per_s']:,.0f}"),
        ("update_index peak RSS (MB)", lambda r: f"{r['rss_mb']:.0f}"),
        ("faceted, words seen before: p50 / p95 (ms)", lambda r: pair(r["faceted"])),
        ("faceted, new words: p50 / p95 (ms)", lambda r: pair(r.get("faceted_cold"))),
        (
            "faceted, new words, fresh engine's first 100: p50 / p95 (ms)",
            lambda r: pair(r.get("engine_start")),
        ),
        ("search page queries", lambda r: str(r["search_page_queries"])),
        ("autocomplete p50 / p95 (ms)", lambda r: pair(r["suggest"])),
        ("filters only p50 / p95 (ms)", lambda r: pair(r["filter"])),
        ("first search after a publish: p50 / p95 (ms)", lambda r: pair(r.get("after_publish"))),
        ('results for "concertation"', lambda r: f"{r['hits']:,}"),
    ]
    width = max(len(name) for name, _f in rows)
    print(f"| {'measure'.ljust(width)} | " + " | ".join(r["backend"] for r in results) + " |")
    print(f"|{'-' * (width + 2)}|" + "|".join("-" * (len(r["backend"]) + 2) for r in results) + "|")
    for name, fmt in rows:
        print(f"| {name.ljust(width)} | " + " | ".join(fmt(r) for r in results) + " |")
    print()


def summary(result):
    """The figures the search's bar is stated in, as one JSON object."""
    return {
        "items": result["items"],
        "backend": result["backend"],
        "update_index_s": round(result["index_s"], 1),
        "faceted_new_words_p50_ms": round(result["faceted_cold"][0], 1),
        "faceted_new_words_p95_ms": round(result["faceted_cold"][1], 1),
        "first_after_publish_p95_ms": round(result["after_publish"][1], 1),
        "autocomplete_p95_ms": round(result["suggest"][1], 1),
        "filters_only_p95_ms": round(result["filter"][1], 1),
        "search_page_queries": result["search_page_queries"],
    }


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench search")
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=40, help="timed requests per query kind")
    parser.add_argument("--backend", action="append", choices=["sqlite", "postgres", "opensearch"])
    parser.add_argument(
        "--warm-up",
        type=int,
        default=1500,
        help="new searches an engine answers before timing (its first 100 are reported)",
    )
    parser.add_argument(
        "--json", action="store_true", help="end with one JSON line of figures per backend"
    )
    parser.add_argument(
        "--keep",
        default="",
        metavar="DIR",
        help="keep the generated library (SQLite file in DIR, PostgreSQL database benchkeep<N>)"
        " and reuse it on the next run instead of building and indexing it again",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        args.backend = args.backend[0]
        return child_main(args)
    results = []
    for backend in args.backend or ["sqlite"]:
        print(f"-- {backend}: {args.items:,} items", flush=True)
        command = [sys.executable, "-m", "bench.search", "--child", "--backend", backend]
        command += ["--items", str(args.items), "--runs", str(args.runs)]
        command += ["--warm-up", str(args.warm_up)]
        if args.keep:
            command += ["--keep", str(Path(args.keep).resolve())]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)  # noqa: S603
        lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
        if done.returncode or not lines:
            sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
            print(f"-- {backend}: FAILED", flush=True)
            continue
        results.append(json.loads(lines[-1][len("RESULT ") :]))
    print(f"\nLibrary search, {args.items:,} generated French items (seed {SEED})\n")
    if results:
        table(results)
    if args.json:
        for result in results:
            print(json.dumps(summary(result)), flush=True)
    return 0 if len(results) == len(args.backend or ["sqlite"]) else 1


if __name__ == "__main__":
    sys.exit(main())
