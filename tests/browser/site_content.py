"""A small bilingual site with one page of every public type, for browser tests.

Used when the demo loader (``manage.py load_demo``) is not available; the tests then find their
pages by type, so either source of content works.
"""

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
    LibraryTag,
    NewsPage,
    Organisation,
    ProjectPage,
    ThemeIndexPage,
    ThemePage,
)


def _image(title, colour, size=(640, 360)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.png")
    )


def _add(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def _translate(page, locale, **english):
    """Publish an English copy of ``page`` (its parents must already be translated)."""
    copy = page.copy_for_translation(locale)
    for name, value in english.items():
        setattr(copy, name, value)
    copy.save()
    copy.save_revision().publish()
    return copy


def build_site():
    """Create the page tree in French and English; return nothing, tests look pages up by type."""
    fr = Locale.objects.get_or_create(language_code="fr")[0]
    en = Locale.objects.get_or_create(language_code="en")[0]
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).exclude(pk__in=HomePage.objects.values("pk")).delete()

    home = _add(
        root,
        HomePage(
            title="Territoires en Commun",
            slug="accueil",
            locale=fr,
            intro="Le réseau des acteurs de la participation citoyenne et des coopérations "
            "territoriales : une thématique d'inspiration chaque mois.",
            newsletter_pitch="Chaque mois, une thématique, des projets inspirants et l'agenda.",
        ),
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"root_page": home, "hostname": "localhost", "port": 80, "site_name": "TeC"},
    )
    ContactSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True),
        defaults={
            "contact_email": "contact@territoires-en-commun.fr",
            "postal_address": "20 avenue de Ségur\n75007 Paris",
        },
    )

    logo = _image("Logo Décider Ensemble", (11, 93, 75), size=(240, 96))
    for name, acronym, kind, with_logo in [
        ("Agence nationale de la cohésion des territoires", "ANCT", "state_agency", False),
        ("Banque des Territoires", "", "public_bank", False),
        ("Décider Ensemble", "", "association", True),
        ("Démocratie Ouverte", "", "association", False),
        (
            "Institut de la Concertation et de la Participation Citoyenne",
            "ICPC",
            "association",
            False,
        ),
    ]:
        Organisation.objects.create(
            name=name,
            acronym=acronym,
            kind=kind,
            locale=fr,
            website="https://example.org/",
            is_network_member=True,
            logo=logo if with_logo else None,
        )

    themes = _add(
        home,
        ThemeIndexPage(
            title="Thématiques",
            slug="thematiques",
            locale=fr,
            show_in_menus=True,
            intro="Chaque mois, une thématique d'inspiration.",
        ),
    )
    theme = _add(
        themes,
        ThemePage(
            title="Démocratie sanitaire et nouvelles coopérations territoriales",
            slug="democratie-sanitaire",
            locale=fr,
            intro="Pendant l'épidémie, habitants et élus ont inventé d'autres façons d'agir "
            "ensemble.",
            image=_image("Crise sanitaire", (200, 220, 210), size=(1200, 400)),
            featured_month=timezone.localdate().replace(day=1),
        ),
    )
    library = _add(
        home,
        LibraryIndexPage(
            title="Bibliothèque",
            slug="bibliotheque",
            locale=fr,
            show_in_menus=True,
            intro="Projets, ressources, concepts et actualités du réseau.",
        ),
    )
    agenda = _add(
        home,
        EventIndexPage(
            title="Agenda",
            slug="agenda",
            locale=fr,
            show_in_menus=True,
            intro="Formations, rencontres et webinaires.",
        ),
    )
    tag = LibraryTag.objects.create(name="solidarité", slug="solidarite", name_en="solidarity")
    card = _image("Entraide", (230, 200, 170))
    common = {"locale": fr, "listing_image": card}

    project = _add(
        library,
        ProjectPage(
            title="« Voisins Voisines », l'entraide de quartier à Grenoble",
            slug="voisins-voisines",
            summary="La ville a créé une plateforme pour tisser des boucles de solidarité.",
            actors="Ville de Grenoble, habitants",
            started_on=datetime.date(2020, 3, 1),
            key_figures=[("figure", {"figure": "150+", "label": "citoyens mobilisés"})],
            **common,
        ),
    )
    dossier = _add(
        library,
        DossierPage(
            title="Démocratie sanitaire et participation des citoyens",
            slug="democratie-sanitaire-participation",
            summary="Des repères et des outils pour une démocratie sanitaire.",
            kind="dossier",
            external_url="https://example.org/dossier",
            **common,
        ),
    )
    concept = _add(
        library,
        ConceptPage(
            title="La démocratie ouverte en trois piliers",
            slug="democratie-ouverte",
            summary="Transparence, participation et collaboration.",
            definition="Un mode de gouvernance qui promeut transparence et participation.",
            pillars=[("pillar", {"title": "Transparence", "text": "Rendre des comptes."})],
            locale=fr,
        ),
    )
    news = _add(
        library,
        NewsPage(
            title="Trophées de la participation : les candidatures sont ouvertes",
            slug="trophees-participation",
            summary="Décider Ensemble récompense les démarches participatives innovantes.",
            kind="call",
            deadline=timezone.localdate() + datetime.timedelta(days=30),
            call_to_action_url="https://example.org/candidater",
            call_to_action_label="Candidater",
            locale=fr,
        ),
    )
    starts = timezone.now() + datetime.timedelta(days=10)
    event = _add(
        agenda,
        EventPage(
            title="Webinaire : les comités de gestion de crise",
            slug="webinaire-comites",
            summary="Les démarches de Grenoble, Lyon et Nantes Métropole.",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            is_online=True,
            registration_url="https://example.org/inscription",
            locale=fr,
        ),
    )
    for item in (project, dossier, concept, news, event):
        item.themes.add(theme)
        item.tags.add(tag)
        item.save_revision().publish()
    project.related_items.add(dossier)
    project.save_revision().publish()

    # English versions, translated parents first.
    _translate(
        home,
        en,
        title="Territoires en Commun",
        slug="home",
        intro="The network of citizen participation and territorial cooperation.",
        newsletter_pitch="Every month: a theme, inspiring projects and the agenda.",
    )
    _translate(themes, en, title="Themes", slug="themes", intro="A theme every month.")
    _translate(
        theme,
        en,
        title="Health democracy and new local cooperation",
        slug="health",
        intro="New forms of citizen engagement emerged during the health crisis.",
    )
    _translate(
        library,
        en,
        title="Library",
        slug="library",
        intro="Projects, resources, concepts and news from the network.",
    )
    _translate(agenda, en, title="Agenda", slug="agenda", intro="Trainings, meetings, webinars.")
    _translate(
        project,
        en,
        title="“Voisins Voisines” mutual-aid platform in Grenoble",
        slug="voisins-voisines",
        summary="The city built a platform for solidarity loops.",
    )
    _translate(
        dossier,
        en,
        title="Health democracy and citizen participation",
        slug="health-democracy",
        summary="Landmarks and tools for health democracy.",
    )
    _translate(
        concept,
        en,
        title="What is open democracy?",
        slug="open-democracy",
        summary="Transparency, participation and collaboration.",
        definition="A way of governing that promotes transparency and participation.",
    )
    _translate(
        news,
        en,
        title="Participation awards: applications are open",
        slug="participation-awards",
        summary="Decider Ensemble rewards innovative work.",
        call_to_action_label="Apply",
    )
    _translate(
        event,
        en,
        title="Webinar: crisis management committees",
        slug="webinar-committees",
        summary="How Grenoble, Lyon and Nantes did it.",
    )
