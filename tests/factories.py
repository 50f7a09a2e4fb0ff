"""Factories for every page type and snippet, and a minimal bilingual page tree.

French is the source language: pages and snippets are made in French, and their English versions
go through wagtail-localize (``translate_page``) or ``copy_for_translation`` (snippets), as editors
would make them.

``bare=True`` leaves out every optional value a factory fills in (body, figures, links, venue,
website...): the model's own defaults stand, so content written for a test (search, newsletter)
holds only the words the test gives it.
"""

import datetime
from dataclasses import dataclass

import factory
import wagtail_factories
from django.test import TestCase
from django.utils import timezone
from factory.django import DjangoModelFactory
from wagtail.models import Collection, Locale, Page, Site
from wagtail.rich_text import RichText
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from events.models import EventIndexPage, EventPage
from home.models import HomePage
from resources.models import (
    Audience,
    ConceptPage,
    DossierPage,
    LibraryIndexPage,
    LibraryTag,
    NewsPage,
    Organisation,
    ProjectPage,
    Territory,
    ThemeIndexPage,
    ThemePage,
)

# --- Images and documents ------------------------------------------------------------------


class ImageFactory(wagtail_factories.ImageFactory):
    """An image in the root collection (wagtail-factories would make a new root each time)."""

    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"Image {n}")
    file = factory.django.ImageField(width=800, height=600, color="teal")


class DocumentFactory(wagtail_factories.DocumentFactory):
    collection = factory.LazyFunction(Collection.get_first_root_node)
    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.django.FileField(filename="guide.pdf", data=b"%PDF-1.4 test")


# --- Snippets ------------------------------------------------------------------------------


class OrganisationFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = Organisation.Kind.ASSOCIATION
    website = "https://example.org/"

    class Meta:
        model = Organisation

    class Params:
        bare = factory.Trait(website="")


class TerritoryFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Commune {n}")
    kind = Territory.Kind.COMMUNE
    insee_code = factory.Sequence(lambda n: f"{10000 + n}")

    class Meta:
        model = Territory


class AudienceFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Public {n}")

    class Meta:
        model = Audience


class LibraryTagFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"mot-clé {n}")
    slug = factory.Sequence(lambda n: f"mot-cle-{n}")
    name_en = factory.Sequence(lambda n: f"keyword {n}")

    class Meta:
        model = LibraryTag
        django_get_or_create = ("slug",)


# --- Pages ---------------------------------------------------------------------------------


def body_blocks():
    """A body using the common blocks, so renders and translations go through them."""
    return [
        ("heading", "Contexte"),
        ("paragraph", RichText("<p>Un paragraphe de <b>contexte</b>.</p>")),
        ("quote", {"quote": "La participation se construit.", "attribution": "Une élue"}),
        ("key_figure", {"figure": "150+", "label": "participants", "source": ""}),
        ("link", {"url": "https://example.org/", "label": "En savoir plus"}),
    ]


def publish(page):
    """Publish a new revision of ``page``, as an editor would, and return it as stored."""
    page.save_revision().publish()
    page.refresh_from_db()
    return page


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Territoires en Commun"
    slug = "accueil"
    intro = "Le réseau des acteurs de la participation citoyenne."
    newsletter_pitch = "Chaque mois, une thématique."

    class Meta:
        model = HomePage

    class Params:
        bare = factory.Trait(newsletter_pitch="")


class SectionIndexPageFactory(wagtail_factories.PageFactory):
    """A section under the home page, in its menu."""

    show_in_menus = True

    class Meta:
        abstract = True

    class Params:
        bare = factory.Trait(intro="", show_in_menus=False)


class LibraryIndexPageFactory(SectionIndexPageFactory):
    title = "Bibliothèque"
    slug = "bibliotheque"
    intro = "Projets, ressources, concepts et actualités."

    class Meta:
        model = LibraryIndexPage


class ThemeIndexPageFactory(SectionIndexPageFactory):
    title = "Thématiques"
    slug = "thematiques"
    intro = "Une thématique par mois."

    class Meta:
        model = ThemeIndexPage


class EventIndexPageFactory(SectionIndexPageFactory):
    title = "Agenda"
    slug = "agenda"
    intro = "Formations, rencontres et webinaires."

    class Meta:
        model = EventIndexPage


class ThemePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Thématique {n}")
    intro = "Ce que le réseau rassemble sur cette thématique."
    body = factory.LazyFunction(body_blocks)

    class Meta:
        model = ThemePage

    class Params:
        bare = factory.Trait(body=factory.LazyFunction(list))


# What ``bare`` leaves on every library item: an empty body and the model's publication date.
BARE_ITEM = {
    "body": factory.LazyFunction(list),
    "publication_date": factory.LazyFunction(datetime.date.today),
}


class LibraryPageFactory(wagtail_factories.PageFactory):
    """Shared fields; taxonomy is given as lists: ``themes=[...]``, ``tags=[...]``..."""

    title = factory.Sequence(lambda n: f"Fiche {n}")
    summary = "Deux ou trois phrases qui résument la fiche."
    body = factory.LazyFunction(body_blocks)
    publication_date = datetime.date(2021, 7, 1)

    class Meta:
        abstract = True
        skip_postgeneration_save = True

    class Params:
        bare = factory.Trait(**BARE_ITEM)

    @factory.post_generation
    def taxonomy(obj, create, extracted, **kwargs):
        """``taxonomy__themes=[...]`` etc.; wagtail-localize-style parental relations."""
        if not create or not kwargs:
            return
        for name in ("themes", "territories", "organisations", "audiences", "related_items"):
            if name in kwargs:
                getattr(obj, name).set(kwargs[name])
        if "tags" in kwargs:
            obj.tags.set(kwargs["tags"])
        obj.save()


class ProjectPageFactory(LibraryPageFactory):
    title = factory.Sequence(lambda n: f"Projet inspirant {n}")
    actors = "La ville, les habitants, les associations."
    started_on = datetime.date(2019, 9, 1)
    ended_on = datetime.date(2021, 6, 30)
    approach = "<p>Un budget participatif ouvert à tous les habitants.</p>"
    results = "<p>Trente projets votés.</p>"
    key_figures = factory.LazyFunction(
        lambda: [("figure", {"figure": "30", "label": "projets votés", "source": ""})]
    )
    contact_name = "Camille Martin"
    contact_email = "camille.martin@example.org"
    links = factory.LazyFunction(
        lambda: [("link", {"url": "https://example.org/projet", "label": "Le site du projet"})]
    )

    class Meta:
        model = ProjectPage

    class Params:
        bare = factory.Trait(
            **BARE_ITEM,
            actors="",
            started_on=None,
            ended_on=None,
            approach="",
            results="",
            key_figures=factory.LazyFunction(list),
            contact_name="",
            contact_email="",
            links=factory.LazyFunction(list),
        )


class DossierPageFactory(LibraryPageFactory):
    title = factory.Sequence(lambda n: f"Ressource {n}")
    kind = DossierPage.Kind.GUIDE
    external_url = "https://example.org/guide"

    class Meta:
        model = DossierPage

    class Params:
        bare = factory.Trait(**BARE_ITEM, external_url="")


class ConceptPageFactory(LibraryPageFactory):
    title = factory.Sequence(lambda n: f"Concept {n}")
    definition = "Une définition en une phrase."
    pillars = factory.LazyFunction(
        lambda: [("pillar", {"title": "Transparence", "text": "Tout est public."})]
    )
    diagram_description = "Un schéma en trois cercles."

    class Meta:
        model = ConceptPage

    class Params:
        bare = factory.Trait(
            **BARE_ITEM, pillars=factory.LazyFunction(list), diagram_description=""
        )


class NewsPageFactory(LibraryPageFactory):
    title = factory.Sequence(lambda n: f"Actualité {n}")
    kind = NewsPage.Kind.CALL
    deadline = datetime.date(2021, 9, 15)
    call_to_action_url = "https://example.org/appel"
    call_to_action_label = "Candidater"

    class Meta:
        model = NewsPage

    class Params:
        bare = factory.Trait(
            **BARE_ITEM, deadline=None, call_to_action_url="", call_to_action_label=""
        )


class EventPageFactory(LibraryPageFactory):
    title = factory.Sequence(lambda n: f"Rencontre {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    venue_name = "Maison des associations"
    street_address = "1 place de la Mairie"
    postcode = "69001"
    city = "Lyon"
    registration_url = "https://example.org/inscription"

    class Meta:
        model = EventPage

    class Params:
        bare = factory.Trait(
            **BARE_ITEM,
            ends_at=None,
            venue_name="",
            street_address="",
            postcode="",
            city="",
            registration_url="",
        )


# --- Translations --------------------------------------------------------------------------


def english():
    return Locale.objects.get_or_create(language_code="en")[0]


def translate_page(page, locale, **translated_fields):
    """Translate ``page`` with wagtail-localize, as an editor would, and publish it.

    ``translated_fields`` maps a field path (``title``, ``slug``, ``intro``...) to its translation;
    other strings fall back to the source text. Returns the published translation.
    """
    source, _created = TranslationSource.get_or_create_from_instance(page)
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        if segment.context.path in translated_fields:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": translated_fields[segment.context.path]},
            )
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    # wagtail-localize publishes on commit; tests run inside a transaction, so run it now.
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=True)
    return page.get_translation(locale).specific


def translate_snippet(obj, locale, **fields):
    """The snippet's translation into ``locale`` with the given field values, saved."""
    translation = obj.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    return translation


# --- The bilingual tree --------------------------------------------------------------------


@dataclass
class SiteTree:
    """Home, library, themes and agenda of one language."""

    home: HomePage
    library: LibraryIndexPage
    themes: ThemeIndexPage
    events: EventIndexPage


@dataclass
class BilingualTree:
    site: Site
    fr: SiteTree
    en: SiteTree
    locale_fr: Locale
    locale_en: Locale


def build_bilingual_tree():
    """French home at depth 2 as the default site's root, its sections, and their English
    translations made with wagtail-localize."""
    locale_fr = Locale.get_default()
    locale_en = english()
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    site = Site.objects.get(is_default_site=True)
    welcome = site.root_page
    site.root_page = home
    site.hostname = "testserver"
    site.port = 80
    site.site_name = "Territoires en Commun"
    site.save()
    if welcome.pk != home.pk:
        welcome.delete()  # Wagtail's "Welcome" page
    fr = SiteTree(
        home=home,
        library=LibraryIndexPageFactory(parent=home),
        themes=ThemeIndexPageFactory(parent=home),
        events=EventIndexPageFactory(parent=home),
    )
    en = SiteTree(
        home=translate_page(
            home,
            locale_en,
            title="Territoires en Commun",
            slug="home",
            intro="The network of people who work on citizen participation.",
        ),
        library=translate_page(fr.library, locale_en, title="Library", slug="library"),
        themes=translate_page(fr.themes, locale_en, title="Themes", slug="themes"),
        events=translate_page(fr.events, locale_en, title="Events", slug="events"),
    )
    return BilingualTree(site=site, fr=fr, en=en, locale_fr=locale_fr, locale_en=locale_en)


@dataclass
class Taxonomy:
    """A theme, an audience and an organisation in both languages, a tag with its English
    wording and a commune within its département."""

    theme_fr: ThemePage
    theme_en: ThemePage
    audience_fr: Audience
    audience_en: Audience
    organisation_fr: Organisation
    organisation_en: Organisation
    tag: LibraryTag
    territory: Territory


def build_taxonomy(tree):
    theme_fr = ThemePageFactory(
        parent=tree.fr.themes,
        title="Participation citoyenne",
        slug="participation-citoyenne",
        image=ImageFactory(),
        featured_month=datetime.date(2021, 7, 1),
    )
    theme_en = translate_page(
        theme_fr,
        tree.locale_en,
        title="Citizen participation",
        slug="citizen-participation",
        intro="What the network gathers about citizen participation.",
    )
    audience_fr = AudienceFactory(name="Élus locaux")
    organisation_fr = OrganisationFactory(
        name="Agence nationale de la cohésion des territoires",
        acronym="ANCT",
        kind=Organisation.Kind.STATE_AGENCY,
        is_network_member=True,
    )
    return Taxonomy(
        theme_fr=theme_fr,
        theme_en=theme_en,
        audience_fr=audience_fr,
        audience_en=translate_snippet(audience_fr, tree.locale_en, name="Local elected officials"),
        organisation_fr=organisation_fr,
        organisation_en=translate_snippet(
            organisation_fr, tree.locale_en, name="National Agency for Territorial Cohesion"
        ),
        tag=LibraryTagFactory(
            name="budget participatif",
            slug="budget-participatif",
            name_en="participatory budgeting",
        ),
        territory=TerritoryFactory(
            name="Grenoble",
            insee_code="38185",
            parent=TerritoryFactory(name="Isère", kind=Territory.Kind.DEPARTEMENT, insee_code="38"),
        ),
    )


def classified(taxonomy, **extra):
    """Factory keyword arguments linking a page to every term of ``taxonomy``."""
    return {
        "taxonomy__themes": [taxonomy.theme_fr],
        "taxonomy__tags": [taxonomy.tag],
        "taxonomy__territories": [taxonomy.territory],
        "taxonomy__organisations": [taxonomy.organisation_fr],
        "taxonomy__audiences": [taxonomy.audience_fr],
        **{f"taxonomy__{name}": value for name, value in extra.items()},
    }
