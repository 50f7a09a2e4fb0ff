"""The library items of the July 2021 newsletter, in French (and the site tree in English)."""

import datetime

from django.utils import timezone
from wagtail.models import Page, Site

from home.models import HomePage
from newsletter.models import ContactSettings
from tests.factories import (
    ConceptPageFactory,
    DossierPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    HomePageFactory,
    ImageFactory,
    LibraryIndexPageFactory,
    NewsPageFactory,
    OrganisationFactory,
    ProjectPageFactory,
    ThemeIndexPageFactory,
    ThemePageFactory,
    english,
    publish,
    translate_page,
)


def image(title, colour="#336699", size=(640, 360)):
    width, height = size
    return ImageFactory(
        title=title,
        file__filename=f"{title.lower().replace(' ', '-')}.png",
        file__format="PNG",
        file__color=colour,
        file__width=width,
        file__height=height,
    )


def build_seed_site():
    """Return a dict of the pages created (French unless the key ends with _en)."""
    en = english()
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).exclude(pk__in=HomePage.objects.values("pk")).delete()
    home = publish(
        HomePageFactory(parent=root, bare=True, title="Territoires en Commun", intro="R.")
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "localhost", "port": 80, "site_name": "TeC"},
    )
    ContactSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"contact_email": "contact@example.org", "postal_address": "1 rue X, Paris"},
    )
    for name in ("ANCT", "Banque des Territoires", "Décider Ensemble"):
        OrganisationFactory(bare=True, name=name, is_network_member=True)
    themes = publish(ThemeIndexPageFactory(parent=home, bare=True))
    theme = publish(
        ThemePageFactory(
            parent=themes,
            bare=True,
            title="Démocratie sanitaire et nouvelles coopérations territoriales",
            slug="democratie-sanitaire",
            intro="De nouvelles formes d'engagement citoyen ont émergé face à la crise sanitaire.",
            featured_month=datetime.date(2021, 7, 1),
        )
    )
    young = publish(
        ThemePageFactory(
            parent=themes,
            bare=True,
            title="La participation des jeunes",
            slug="jeunes",
            intro="Jeunes.",
        )
    )
    library = publish(LibraryIndexPageFactory(parent=home, bare=True))
    agenda = publish(EventIndexPageFactory(parent=home, bare=True))
    pic = image("carte")
    pages = {"home": home, "theme": theme, "young": young, "library": library, "agenda": agenda}

    def item(key, factory, parent=library, **fields):
        fields.setdefault("summary", f"Résumé de {fields['title']}.")
        fields.setdefault("listing_image", pic)
        pages[key] = publish(factory(parent=parent, bare=True, taxonomy__themes=[theme], **fields))

    item(
        "featured",
        DossierPageFactory,
        title="Démocratie sanitaire et participation des citoyens",
        slug="democratie-sanitaire-participation",
        kind="dossier",
    )
    item(
        "crisis",
        DossierPageFactory,
        title="La participation en période de crise",
        slug="participation-crise",
        kind="dossier",
    )
    item(
        "voisins",
        ProjectPageFactory,
        title="« Voisins Voisines », l'entraide de quartier à Grenoble",
        slug="voisins-voisines",
    )
    item(
        "petralba",
        ProjectPageFactory,
        title="Association et solidarité locale à Pétralba",
        slug="petralba",
    )
    item(
        "committees",
        ProjectPageFactory,
        title="Les comités locaux de crise sanitaire en webinaire",
        slug="comites-gestion-crise",
    )
    item(
        "reserve",
        ProjectPageFactory,
        title="Saint-Brieuc mobilise une réserve citoyenne",
        slug="reserve-citoyenne",
    )
    item(
        "concept",
        ConceptPageFactory,
        title="La démocratie ouverte en trois piliers",
        slug="democratie-ouverte",
        definition="Transparence, participation, collaboration.",
        diagram=image("schema", "#994411", (800, 600)),
        diagram_description="Les trois piliers de la démocratie ouverte.",
    )
    item(
        "trophies",
        NewsPageFactory,
        title="La 6ème édition des Trophées de la participation",
        slug="trophees-participation",
        kind="call",
    )
    item(
        "cahiers",
        NewsPageFactory,
        title="Publication du N°57 des Cahiers de l'Action",
        slug="cahiers-action",
        kind="publication",
    )
    start = timezone.now() + datetime.timedelta(days=30)
    item(
        "training",
        EventPageFactory,
        parent=agenda,
        slug="concevoir-votre-demarche-participative",
        title="Formation « Concevoir votre démarche participative »",
        starts_at=start,
        is_online=True,
    )
    item(
        "rep",
        EventPageFactory,
        parent=agenda,
        slug="rencontres-europeennes-participation",
        title="Rencontres Européennes de la Participation",
        starts_at=start,
        city="Amiens",
    )
    pages["home_en"] = translate_page(home, en, slug="home")
    translate_page(library, en, slug="library")
    pages["featured_en"] = translate_page(
        pages["featured"],
        en,
        title="Health democracy and citizen participation",
        slug="health-democracy",
        summary="Landmarks and tools for health democracy.",
    )
    return pages
