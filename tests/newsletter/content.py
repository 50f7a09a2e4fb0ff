"""The library items of the July 2021 newsletter, in French (and the site tree in English)."""

import datetime
import io

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Site

from events.models import EventIndexPage, EventPage
from home.models import ContactSettings, HomePage
from resources.models import (
    ConceptPage,
    DossierPage,
    LibraryIndexPage,
    NewsPage,
    Organisation,
    ProjectPage,
    ThemeIndexPage,
    ThemePage,
)


def image(title, colour="#336699", size=(640, 360)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.png")
    )


def add(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def translate(page, locale, **english):
    copy = page.copy_for_translation(locale)
    for name, value in english.items():
        setattr(copy, name, value)
    copy.save()
    copy.save_revision().publish()
    return copy


def build_seed_site():
    """Return a dict of the pages created (French unless the key ends with _en)."""
    fr = Locale.objects.get_or_create(language_code="fr")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).exclude(pk__in=HomePage.objects.values("pk")).delete()
    home = add(root, HomePage(title="Territoires en Commun", slug="accueil", locale=fr, intro="R."))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "localhost", "port": 80, "site_name": "TeC"},
    )
    ContactSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={"contact_email": "contact@example.org", "postal_address": "1 rue X, Paris"},
    )
    for name in ("ANCT", "Banque des Territoires", "Décider Ensemble"):
        Organisation.objects.create(
            name=name, kind="association", is_network_member=True, locale=fr
        )
    themes = add(home, ThemeIndexPage(title="Thématiques", slug="thematiques", locale=fr))
    theme = add(
        themes,
        ThemePage(
            title="Démocratie sanitaire et nouvelles coopérations territoriales",
            slug="democratie-sanitaire",
            locale=fr,
            intro="De nouvelles formes d'engagement citoyen ont émergé face à la crise sanitaire.",
            featured_month=datetime.date(2021, 7, 1),
        ),
    )
    young = add(
        themes,
        ThemePage(title="La participation des jeunes", slug="jeunes", locale=fr, intro="Jeunes."),
    )
    library = add(home, LibraryIndexPage(title="Bibliothèque", slug="bibliotheque", locale=fr))
    agenda = add(home, EventIndexPage(title="Agenda", slug="agenda", locale=fr))
    pic = image("carte")
    pages = {"home": home, "theme": theme, "young": young, "library": library, "agenda": agenda}

    def item(key, model, parent=library, **fields):
        fields.setdefault("summary", f"Résumé de {fields['title']}.")
        fields.setdefault("listing_image", pic)
        page = add(parent, model(locale=fr, **fields))
        page.themes.add(theme)
        page.save_revision().publish()
        pages[key] = page

    item(
        "featured",
        DossierPage,
        title="Démocratie sanitaire et participation des citoyens",
        slug="democratie-sanitaire-participation",
        kind="dossier",
    )
    item(
        "crisis",
        DossierPage,
        title="La participation en période de crise",
        slug="participation-crise",
        kind="dossier",
    )
    item(
        "voisins",
        ProjectPage,
        title="« Voisins Voisines », l'entraide de quartier à Grenoble",
        slug="voisins-voisines",
    )
    item(
        "petralba",
        ProjectPage,
        title="Association et solidarité locale à Pétralba",
        slug="petralba",
    )
    item(
        "committees",
        ProjectPage,
        title="Les comités locaux de crise sanitaire en webinaire",
        slug="comites-gestion-crise",
    )
    item(
        "reserve",
        ProjectPage,
        title="Saint-Brieuc mobilise une réserve citoyenne",
        slug="reserve-citoyenne",
    )
    item(
        "concept",
        ConceptPage,
        title="La démocratie ouverte en trois piliers",
        slug="democratie-ouverte",
        definition="Transparence, participation, collaboration.",
        diagram=image("schema", "#994411", (800, 600)),
        diagram_description="Les trois piliers de la démocratie ouverte.",
    )
    item(
        "trophies",
        NewsPage,
        title="La 6ème édition des Trophées de la participation",
        slug="trophees-participation",
        kind="call",
    )
    item(
        "cahiers",
        NewsPage,
        title="Publication du N°57 des Cahiers de l'Action",
        slug="cahiers-action",
        kind="publication",
    )
    start = timezone.now() + datetime.timedelta(days=30)
    item(
        "training",
        EventPage,
        parent=agenda,
        slug="concevoir-votre-demarche-participative",
        title="Formation « Concevoir votre démarche participative »",
        starts_at=start,
        is_online=True,
    )
    item(
        "rep",
        EventPage,
        parent=agenda,
        slug="rencontres-europeennes-participation",
        title="Rencontres Européennes de la Participation",
        starts_at=start,
        city="Amiens",
    )
    pages["home_en"] = translate(home, en, slug="home")
    translate(library, en, slug="library")
    pages["featured_en"] = translate(
        pages["featured"],
        en,
        title="Health democracy and citizen participation",
        slug="health-democracy",
        summary="Landmarks and tools for health democracy.",
    )
    return pages
