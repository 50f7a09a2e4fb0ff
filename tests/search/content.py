"""A small bilingual library built from the July 2021 newsletter, for the search tests."""

import datetime

from django.conf import settings
from django.utils import timezone
from modelsearch.backends import get_search_backend
from wagtail.models import Page, Site

from tests.factories import (
    AudienceFactory,
    ConceptPageFactory,
    DossierPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    HomePageFactory,
    LibraryIndexPageFactory,
    LibraryTagFactory,
    NewsPageFactory,
    OrganisationFactory,
    ProjectPageFactory,
    TerritoryFactory,
    ThemeIndexPageFactory,
    ThemePageFactory,
    english,
    publish,
    translate_page,
    translate_snippet,
)


def refresh_indexes():
    """Make what was just indexed searchable at once (an engine refreshes about every second;
    a no-op on the database backend). Tests that publish and then search call it."""
    for name in settings.WAGTAILSEARCH_BACKENDS:
        get_search_backend(name).refresh_indexes()


def build_library():
    en = english()
    home = HomePageFactory(
        parent=Page.get_first_root_node(),
        bare=True,
        title="Accueil",
        slug="accueil-test",
        intro="Réseau",
    )
    Site.objects.update_or_create(
        is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
    )
    themes_index = publish(ThemeIndexPageFactory(parent=home, bare=True))
    library = publish(LibraryIndexPageFactory(parent=home, bare=True))
    agenda = publish(EventIndexPageFactory(parent=home, bare=True))
    health = publish(
        ThemePageFactory(
            parent=themes_index,
            bare=True,
            title="Démocratie sanitaire",
            slug="democratie-sanitaire",
            intro="Santé",
        )
    )
    solidarity = publish(
        ThemePageFactory(
            parent=themes_index,
            bare=True,
            title="Solidarités locales",
            slug="solidarites",
            intro="Entraide",
        )
    )

    region = TerritoryFactory(name="Auvergne-Rhône-Alpes", kind="region", insee_code="84")
    isere = TerritoryFactory(name="Isère", kind="departement", insee_code="38", parent=region)
    grenoble = TerritoryFactory(name="Grenoble", kind="commune", insee_code="38185", parent=isere)
    idf = TerritoryFactory(name="Île-de-France", kind="region", insee_code="11")
    promo = OrganisationFactory(bare=True, name="PromoSanté Île-de-France", kind="association")
    icpc = OrganisationFactory(
        bare=True,
        name="Institut de la Concertation et de la Participation Citoyenne",
        acronym="ICPC",
        kind="association",
    )
    elected = AudienceFactory(name="Élus")
    translate_snippet(elected, en, name="Elected officials")
    agents = AudienceFactory(name="Agents publics")
    health_tag = LibraryTagFactory(name="santé", slug="sante", name_en="health")
    help_tag = LibraryTagFactory(name="entraide", slug="entraide", name_en="mutual aid")

    def item(factory, parent, **fields):
        """A bare library item under ``parent``, published; taxonomy as ``themes=[...]``..."""
        taxonomy = {
            f"taxonomy__{name}": fields.pop(name)
            for name in ("themes", "tags", "territories", "organisations", "audiences")
            if name in fields
        }
        return publish(factory(parent=parent, bare=True, **fields, **taxonomy))

    items = {}
    items["health_dossier"] = item(
        DossierPageFactory,
        library,
        title="Démocratie sanitaire et participation des citoyens",
        slug="democratie-sanitaire-participation",
        kind="dossier",
        summary=(
            "PromoSanté Île-de-France rassemble ici des repères et des outils pour que la "
            "démocratie sanitaire associe vraiment chaque habitant, y compris les plus "
            "éloignés des institutions."
        ),
        publication_date=datetime.date(2021, 7, 1),
        themes=[health],
        tags=[health_tag],
        territories=[idf],
        organisations=[promo],
        audiences=[elected, agents],
    )
    items["crisis_dossier"] = item(
        DossierPageFactory,
        library,
        title="La participation en période de crise",
        slug="participation-crise",
        kind="dossier",
        summary=(
            "L'ICPC a réuni articles de presse, méthodes de concertation et récits "
            "d'expériences menées pendant la crise sanitaire."
        ),
        publication_date=datetime.date(2020, 11, 5),
        themes=[health],
        organisations=[icpc],
        audiences=[agents],
    )
    items["grenoble"] = item(
        ProjectPageFactory,
        library,
        title="« Voisins Voisines », l'entraide de quartier à Grenoble",
        slug="voisins-voisines-grenoble",
        summary=(
            "Grenoble a ouvert un site où les habitants se proposent de l'aide d'une rue à "
            "l'autre : l'entraide entre voisins pendant l'épidémie."
        ),
        publication_date=datetime.date(2021, 6, 20),
        themes=[solidarity],
        tags=[help_tag],
        territories=[grenoble],
        audiences=[elected],
    )
    items["association"] = item(
        ProjectPageFactory,
        library,
        title="Association et solidarité locale",
        slug="association-solidarite-locale",
        summary=(
            "À Pétralba, l'association du quartier a écrit avec ses jeunes membres les règles "
            "communes à respecter pendant le confinement."
        ),
        publication_date=datetime.date(2021, 5, 2),
        themes=[solidarity],
        tags=[help_tag],
        territories=[isere],
    )
    items["reserve"] = item(
        NewsPageFactory,
        library,
        title="La réserve citoyenne de l'Éducation nationale recrute",
        slug="reserve-citoyenne",
        kind="call",
        summary=(
            "Les bénévoles de la réserve citoyenne interviennent dans les écoles aux côtés "
            "des enseignants."
        ),
        publication_date=datetime.date(2021, 7, 3),
        tags=[help_tag],
    )
    items["school"] = item(
        ConceptPageFactory,
        library,
        title="L'école ouverte sur son quartier",
        slug="ecole-ouverte",
        definition="Une école qui accueille les habitants.",
        summary="Quand l'école devient un lieu de rencontre pour les habitantes du quartier.",
        publication_date=datetime.date(2019, 3, 1),
    )
    now = timezone.now()
    items["webinar"] = item(
        EventPageFactory,
        agenda,
        title="Les comités locaux de crise sanitaire en webinaire",
        slug="comites-gestion-crise",
        summary=(
            "Grenoble, Lyon et Nantes Métropole racontent comment elles ont piloté la crise "
            "sanitaire avec leurs habitants, lors d'un webinaire."
        ),
        starts_at=now + datetime.timedelta(days=10),
        is_online=True,
        publication_date=datetime.date(2021, 7, 2),
        themes=[health],
        territories=[grenoble],
    )
    items["past_event"] = item(
        EventPageFactory,
        agenda,
        title="Rencontre sur la démocratie sanitaire locale",
        slug="rencontre-democratie-sanitaire",
        summary="Une rencontre passée entre élus et soignants.",
        starts_at=now - datetime.timedelta(days=30),
        city="Lyon",
        publication_date=datetime.date(2021, 1, 15),
        themes=[health],
    )

    home_en = translate_page(home, en, title="Home", slug="home-en-test")
    library_en = translate_page(library, en, title="Library", slug="library")
    translate_page(themes_index, en, title="Themes", slug="themes")
    translate_page(solidarity, en, title="Local solidarity", slug="local-solidarity")
    in_english = {
        "grenoble": dict(
            title="Mutual aid platform “Neighbours” in Grenoble",
            slug="neighbours-grenoble",
            summary="Grenoble city hall created a platform for mutual aid between neighbours.",
        ),
        "reserve": dict(
            title="The citizen reserve of national education is recruiting",
            slug="citizen-reserve",
            summary="Volunteers of the citizen reserve help teachers in schools.",
        ),
        "health_dossier": dict(
            title="Health democracy and citizen participation",
            slug="health-democracy",
            summary="A first entry point to health democracy, written by PromoSanté.",
        ),
    }
    items_en = {key: translate_page(items[key], en, **fields) for key, fields in in_english.items()}
    return {
        "home": home,
        "home_en": home_en,
        "library": library,
        "library_en": library_en,
        "items": items,
        "items_en": items_en,
        "themes": {"health": health, "solidarity": solidarity},
        "territories": {"region": region, "isere": isere, "grenoble": grenoble, "idf": idf},
        "organisations": {"promo": promo, "icpc": icpc},
        "audiences": {"elected": elected, "agents": agents},
        "tags": {"health": health_tag, "help": help_tag},
    }
