"""``manage.py load_demo``: the July 2021 newsletter's world, in French and English."""

import datetime
import io
import json
import re
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from modelcluster.models import get_serializable_data_for_fields
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageLogEntry, Revision, Site
from wagtail_localize.models import (
    StringTranslation,
    Translation,
    TranslationSource,
)

from events.models import EventIndexPage, EventPage
from home.demo import content
from home.demo import newsletter as demo_newsletter
from home.demo.documents import render_pdf
from home.demo.images import render_png
from home.demo.loader import WELCOME_TITLE, demo_key, demo_page
from home.demo.specs import AudienceSpec, T
from home.models import HomePage
from newsletter.models import ContactSettings, NewsletterPage
from newsletter.rendering import compose, render_email
from resources.models import (
    Audience,
    ConceptPage,
    DossierPage,
    LibraryIndexPage,
    LibraryPage,
    LibraryTag,
    NewsPage,
    Organisation,
    ProjectPage,
    Territory,
    ThemeIndexPage,
    ThemePage,
)

PARIS = zoneinfo.ZoneInfo("Europe/Paris")

pytestmark = pytest.mark.django_db


def load(**options):
    output = io.StringIO()
    call_command("load_demo", stdout=output, **options)
    return output.getvalue()


def french(model):
    return model.objects.filter(locale__language_code="fr")


def english(model):
    return model.objects.filter(locale__language_code="en")


def counts():
    """Row counts of everything the demo creates or touches."""
    models = [
        Page,
        Revision,
        PageLogEntry,
        get_image_model(),
        get_document_model(),
        Organisation,
        Audience,
        Territory,
        LibraryTag,
        Locale,
        Site,
        ContactSettings,
        TranslationSource,
        Translation,
        StringTranslation,
        get_user_model(),
    ]
    return {model.__name__: model.objects.count() for model in models}


# --- The tree --------------------------------------------------------------------------------


def test_french_home_is_the_default_site_root_and_replaces_the_welcome_page(demo):
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage)
    assert (home.depth, home.slug, home.locale.language_code) == (2, "accueil", "fr")
    assert (site.hostname, site.port) == ("localhost", 80)
    assert Locale.get_default().language_code == "fr"
    assert not Page.objects.filter(title=WELCOME_TITLE).exists()


def test_sections_are_in_the_menu_in_both_languages(demo):
    expected = {
        "fr": [
            (LibraryIndexPage, "bibliotheque"),
            (ThemeIndexPage, "thematiques"),
            (EventIndexPage, "agenda"),
        ],
        "en": [
            (LibraryIndexPage, "library"),
            (ThemeIndexPage, "themes"),
            (EventIndexPage, "events"),
        ],
    }
    for language, sections in expected.items():
        home = demo_page("home", language)
        assert home.slug == {"fr": "accueil", "en": "home"}[language]
        children = [page.specific for page in home.get_children().live().in_menu()]
        assert [(type(page), page.slug) for page in children] == sections


# --- The newsletter's items --------------------------------------------------------------------


def test_every_item_of_the_newsletter_exists_once_in_french(demo):
    assert french(ThemePage).count() == 2
    assert french(ProjectPage).count() == 4
    assert french(ConceptPage).count() == 1
    assert french(EventPage).count() == 2
    assert sorted(french(DossierPage).values_list("kind", flat=True)) == [
        "dossier",
        "dossier",
        "webinar",
        "white_paper",
    ]
    assert sorted(french(NewsPage).values_list("kind", flat=True)) == [
        "call",
        "call",
        "call",
        "publication",
    ]
    titles = " | ".join(french(LibraryPage).values_list("title", flat=True))
    for words in [
        "Voisins Voisines",
        "Pétralba",
        "Saint-Brieuc",
        "Grenoble, Lyon et Nantes Métropole",
        "démocratie régionale",
        "Trophées de la participation",
        "Cahiers de l'action n°57",
        "ANCT",
        "Concevoir votre démarche participative",
        "Rencontres européennes de la participation",
        "adolescentes et adolescents",
    ]:
        assert words in titles


def test_every_item_is_live_and_published_in_june_or_july_2021(demo):
    items = french(LibraryPage)
    assert items.count() == 15
    assert not items.filter(live=False).exists()
    for item in items:
        assert datetime.date(2021, 6, 1) <= item.publication_date <= datetime.date(2021, 7, 31)
        assert item.listing_image is not None


def test_themes_of_july_and_august(demo):
    july = ThemePage.of_month(datetime.date(2021, 7, 15), locale=Locale.get_default())
    august = ThemePage.of_month(datetime.date(2021, 8, 15), locale=Locale.get_default())
    assert july.title == "Démocratie sanitaire et nouvelles coopérations territoriales"
    assert "jeunes" in august.title
    assert july.image is not None
    on_health_democracy = set(july.items().values_list("title", flat=True))
    assert len(on_health_democracy) == 7  # two dossiers, the webinar and four projects
    call = demo_page("news-youth-call")
    assert list(call.themes.all()) == [august]


def test_saint_brieuc_project_is_linked_as_the_newsletter_says(demo):
    project = demo_page("project-citizen-reserve")
    assert [theme.featured_month for theme in project.themes.all()] == [datetime.date(2021, 7, 1)]
    [territory] = project.territories.all()
    chain = []
    while territory is not None:
        chain.append((territory.name, territory.kind, territory.insee_code))
        territory = territory.parent
    assert chain == [
        ("Saint-Brieuc", "commune", "22278"),
        ("Côtes-d'Armor", "departement", "22"),
        ("Bretagne", "region", "53"),
        ("France", "national", ""),
    ]
    assert [org.name for org in project.organisations.all()] == ["Ville de Saint-Brieuc"]
    [figure] = project.key_figures
    assert figure.value["figure"] == "150+"
    assert {tag.slug for tag in project.tags.all()} >= {"crise-sanitaire", "benevolat"}


def test_official_codes_and_parents_of_territories(demo):
    def parent_code(kind, code):
        return Territory.objects.get(kind=kind, insee_code=code).parent.insee_code

    assert parent_code("commune", "38185") == "38"
    assert parent_code("departement", "38") == "84"
    assert parent_code("commune", "69123") == "69"
    assert parent_code("departement", "69") == "84"
    assert parent_code("epci", "244400404") == "44"
    assert parent_code("departement", "44") == "52"
    assert parent_code("region", "11") == ""
    assert Territory.objects.get(kind="epci", insee_code="244400404").name == "Nantes Métropole"


def test_webinar_and_crisis_committees_point_at_each_other(demo):
    webinar = demo_page("webinar-crisis-committees")
    project = demo_page("project-crisis-committees")
    assert webinar.kind == DossierPage.Kind.WEBINAR
    assert [page.pk for page in project.related_items.all()] == [webinar.pk]
    assert [page.pk for page in webinar.related_items.all()] == [project.pk]
    assert {t.insee_code for t in project.territories.all()} == {"38185", "69123", "244400404"}
    assert {o.name for o in project.organisations.all()} == {
        "Ville de Grenoble",
        "Ville de Lyon",
        "Nantes Métropole",
        "Décider Ensemble",
    }
    assert [o.name for o in webinar.organisations.all()] == ["Décider Ensemble"]


def test_white_paper_key_figure_and_pdf(demo):
    paper = demo_page("white-paper-abstention")
    assert paper.kind == DossierPage.Kind.WHITE_PAPER
    assert [o.name for o in paper.organisations.all()] == ["Observatoire de l'éthique publique"]
    [figure] = [block.value for block in paper.body if block.block_type == "key_figure"]
    assert figure["figure"] == "2 sur 3"
    assert "juin 2021" in figure["label"]
    with paper.document.open_file() as document:
        assert document.read(8) == b"%PDF-1.4"


def test_concept_of_the_month(demo):
    concept = demo_page("concept-open-democracy")
    assert [pillar.value["title"] for pillar in concept.pillars] == [
        "Transparence",
        "Participation",
        "Collaboration",
    ]
    assert concept.diagram is not None
    assert "cercles" in concept.diagram_description
    assert concept.diagram_document.file_extension == "pdf"
    assert [o.name for o in concept.organisations.all()] == ["Démocratie Ouverte"]
    with concept.diagram.open_file() as diagram:
        assert PILImage.open(diagram).size == (960, 540)


def test_news_of_the_ecosystem(demo):
    awards = demo_page("news-awards")
    assert awards.kind == NewsPage.Kind.CALL
    assert {o.name for o in awards.organisations.all()} == {
        "Décider Ensemble",
        "La Gazette des communes",
    }
    cahiers = demo_page("news-cahiers")
    assert cahiers.kind == NewsPage.Kind.PUBLICATION
    assert [o.acronym for o in cahiers.organisations.all()] == ["INJEP"]
    vote = demo_page("news-shared-projects")
    assert [o.acronym for o in vote.organisations.all()] == ["ANCT"]


def test_events_in_paris_time(demo):
    training = demo_page("event-training")
    meetings = demo_page("event-european-meetings")
    assert training.starts_at.astimezone(PARIS).date() == datetime.date(2021, 9, 1)
    assert training.starts_at.astimezone(PARIS).hour == 9
    assert not training.is_multi_day
    assert meetings.starts_at.astimezone(PARIS).date() == datetime.date(2021, 9, 13)
    assert meetings.ends_at.astimezone(PARIS).date() == datetime.date(2021, 9, 17)
    assert meetings.is_multi_day
    assert [o.name for o in meetings.organisations.all()] == ["Décider Ensemble"]


def test_network_members_and_other_organisations(demo):
    members = french(Organisation).filter(is_network_member=True)
    assert sorted(members.values_list("name", flat=True)) == [
        "Agence nationale de la cohésion des territoires",
        "Banque des Territoires",
        "Décider Ensemble",
        "Démocratie Ouverte",
        "Institut de la Concertation et de la Participation Citoyenne",
    ]
    assert all(member.website.startswith("https://") for member in members)
    assert french(Organisation).count() == 14
    assert sorted(french(Audience).values_list("name", flat=True)) == [
        "Agents publics",
        "Associations",
        "Citoyens",
        "Jeunes",
        "Société civile",
        "Élus",
    ]


def test_petralba_has_no_territory(demo):
    project = demo_page("project-petralba")
    assert not project.territories.exists()
    assert {audience.name for audience in project.audiences.all()} == {"Associations", "Jeunes"}


def test_tags_have_english_names(demo):
    assert LibraryTag.objects.get(slug="democratie-sanitaire").name_en == "health democracy"
    assert LibraryTag.objects.get(slug="entraide").name_en == "mutual aid"
    assert not LibraryTag.objects.filter(name_en="").exists()


def test_contact_details_in_the_footer_settings(demo):
    settings = ContactSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.contact_email.endswith(".example")
    assert settings.postal_address


@pytest.mark.parametrize(
    ("language", "query", "slug"),
    [
        ("fr", "réserve citoyenne", "saint-brieuc-reserve-citoyenne"),
        ("en", "citizen reserve", "saint-brieuc-citizen-reserve"),
    ],
)
def test_items_are_in_the_search_index(demo, language, query, slug):
    with translation.override(language):
        found = ProjectPage.objects.live().filter(locale=Locale.get_active()).search(query)
        assert [page.slug for page in found][:1] == [slug]


# --- English through wagtail-localize ------------------------------------------------------------


TREE_FIELDS = ("path", "depth", "numchild", "url_path")

# The newsletter archive and the July 2021 issue (home/demo/newsletter.py).
NEWSLETTER_PAGES = 2


def test_the_july_2021_issue_is_loaded_in_both_languages(demo, client):
    issue = NewsletterPage.objects.get(locale__language_code="fr", issue_number=1)
    assert issue.live and issue.month == datetime.date(2021, 7, 1)
    assert issue.theme.slug == demo_page("theme-health-democracy", "fr").slug
    english = issue.get_translation(Locale.objects.get(language_code="en"))
    assert english.live
    # Reachable through the tree in both languages (tree positions consistent after translation).
    assert client.get(issue.url).status_code == 200
    assert client.get(english.url).status_code == 200
    assert english.get_parent().get_children().filter(pk=english.pk).exists()


ISSUE_LAYOUT = [
    "theme_of_month",
    "featured_item",
    "items_section",
    "items_section",
    "contribution_call",
    "external_call",
    "key_figure",
    "concept",
    "items_section",
    "agenda",
    "rich_text",
    "partners",
]


def demo_issue():
    return NewsletterPage.objects.get(locale__language_code="fr", issue_number=1)


def test_the_issue_follows_the_original_layout(demo):
    issue = demo_issue()
    assert [block.block_type for block in issue.body] == ISSUE_LAYOUT
    headings = [s.get("heading") for s in compose(issue) if s["type"] == "items_section"]
    assert headings == [
        demo_newsletter.french("crisis_heading"),
        demo_newsletter.french("projects_heading"),
        demo_newsletter.french("news_heading"),
    ]


def test_the_newsletter_loader_is_idempotent(demo):
    demo_newsletter.load_demo_newsletter()
    assert NewsletterPage.objects.filter(locale__language_code="fr").count() == 1
    assert NewsletterPage.objects.filter(locale__language_code="en").count() == 1


def test_the_issue_has_every_string_in_english(demo):
    """Every text of the demo issue has its English wording (slugs and addresses aside)."""
    from wagtail_localize.models import StringSegment

    issue = demo_issue()
    english = Locale.objects.get(language_code="en")
    source = TranslationSource.objects.get(object_id=issue.translation_key, locale=issue.locale)
    missing = [
        segment.string.data
        for segment in StringSegment.objects.filter(source=source).select_related("string")
        if segment.context.path != "slug"
        and not segment.string.data.startswith(("http://", "https://", "mailto:"))
        and not StringTranslation.objects.filter(
            translation_of=segment.string, locale=english, context=segment.context
        ).exists()
    ]
    assert missing == []
    text = render_email(issue.get_translation(english)).text
    words = demo_newsletter.T
    assert words["figure"][1] in text and words["contribution_button"][1] in text
    assert demo_newsletter.french("read_project") not in text and "Faites circuler" not in text


def test_every_page_has_a_published_english_translation(demo):
    french_pages = french(Page).filter(depth__gte=2)
    assert french_pages.count() == len(content.TREE) + NEWSLETTER_PAGES
    for page in french_pages:
        translation = Page.objects.get(
            translation_key=page.translation_key, locale__language_code="en"
        )
        assert translation.live and not translation.has_unpublished_changes
        assert translation.title != page.title or page.title == "Territoires en Commun"
        assert translation.get_parent().translation_key == page.get_parent().translation_key


def test_english_texts_are_the_ones_written_for_them(demo):
    project = demo_page("project-citizen-reserve", "en")
    assert project.slug == "saint-brieuc-citizen-reserve"
    assert project.summary.startswith("Saint-Brieuc asked its residents to form")
    assert project.approach.startswith("<p>The city put out a call for volunteers")
    [figure] = project.key_figures
    assert figure.value["label"] == "residents volunteered"
    concept = demo_page("concept-open-democracy", "en")
    assert [pillar.value["title"] for pillar in concept.pillars] == [
        "Transparency",
        "Participation",
        "Collaboration",
    ]
    assert concept.diagram_description.startswith("Three overlapping")
    # Relations are copied as they are, pointing at the French taxonomy (see localization.py).
    assert list(project.themes.all()) == list(demo_page("project-citizen-reserve").themes.all())


def test_translations_are_wagtail_localize_translations_up_to_date(demo):
    english_locale = Locale.objects.get(language_code="en")
    sources = TranslationSource.objects.filter(locale__language_code="fr")
    # 21 library pages, the newsletter archive and issue, 14 organisations, 6 audiences
    assert sources.count() == len(content.TREE) + NEWSLETTER_PAGES + 14 + 6
    for source in sources:
        translation = Translation.objects.get(source=source, target_locale=english_locale)
        total, translated = translation.get_progress()
        assert total > 0 and translated == total
        # The frozen source is the French object as it is now: nothing left to sync.
        source_object = source.get_source_instance()
        if isinstance(source_object, Page):
            current = source_object.specific.to_json()
        else:
            current = json.dumps(
                get_serializable_data_for_fields(source_object), cls=DjangoJSONEncoder
            )
        frozen, now = json.loads(source.content_json), json.loads(current)
        for tree_field in TREE_FIELDS:  # where a page sits moves as pages are added under it
            frozen.pop(tree_field, None)
            now.pop(tree_field, None)
        assert frozen == now
        assert source_object.get_translation(english_locale) is not None


def test_snippets_exist_in_english(demo):
    for model, kind, specs in [
        (Organisation, "organisation", content.ORGANISATIONS),
        (Audience, "audience", content.AUDIENCES),
    ]:
        for spec in specs:
            key = demo_key(kind, spec.key)
            assert model.objects.filter(translation_key=key).count() == 2
    anct = english(Organisation).get(translation_key=demo_key("organisation", "anct"))
    assert anct.name == "National Agency for Territorial Cohesion"
    assert english(Audience).get(translation_key=demo_key("audience", "elected")).name == (
        "Elected officials"
    )


# --- Reruns and other people's content ---------------------------------------------------------


def test_a_second_run_changes_nothing(demo):
    admin = get_user_model().objects.get(username="admin")
    before = counts()
    output = load()
    assert counts() == before
    assert "Nothing to do" in output
    assert "password:" not in output
    admin.refresh_from_db()
    assert get_user_model().objects.get(username="admin").password == admin.password


def test_content_it_did_not_create_is_left_alone(demo):
    library = demo_page("library")
    awards = demo_page("news-awards")
    awards.get_translation(Locale.objects.get(language_code="en")).delete()
    awards.delete()
    theirs = NewsPage(
        title="Nos trophées",
        slug="trophees-participation-concertation-6e-edition",
        summary="Une page d'une éditrice.",
        kind=NewsPage.Kind.ANNOUNCEMENT,
    )
    library.add_child(instance=theirs)
    theirs.save_revision().publish()
    organisation = Organisation.objects.create(name="Une association", kind="association")
    before = counts()

    output = load()

    theirs.refresh_from_db()
    assert theirs.title == "Nos trophées"
    assert theirs.revisions.count() == 1
    assert not theirs.has_translation(Locale.objects.get(language_code="en"))
    assert "Left alone" in output and "trophees-participation-concertation-6e-edition" in output
    organisation.refresh_from_db()
    assert (organisation.name, organisation.description) == ("Une association", "")
    assert counts() == before


def test_a_deleted_english_version_is_made_again_unless_the_french_page_was_edited(demo):
    english_locale = Locale.objects.get(language_code="en")
    petralba = demo_page("project-petralba")
    voisins = demo_page("project-voisins-voisines")
    for page in (petralba, voisins):
        page.get_translation(english_locale).delete()
    voisins.title = "Voisins Voisines, version revue par l'équipe"
    voisins.save_revision().publish()

    output = load()

    assert "pages 1" in output
    again = petralba.get_translation(english_locale)
    assert again.live and again.title == "Pétralba: a lockdown charter written with young members"
    translation = Translation.objects.get(source__object_id=petralba.translation_key)
    assert translation.enabled and translation.get_progress()[0] == translation.get_progress()[1]
    assert not voisins.has_translation(english_locale)
    assert "was edited since the demo made it" in output


def test_a_missing_english_text_fails_and_leaves_nothing_behind(demo, monkeypatch):
    untranslated = AudienceSpec("untranslated", T("Curieux", ""))
    monkeypatch.setattr(content, "AUDIENCES", (*content.AUDIENCES, untranslated))
    before = counts()
    with pytest.raises(CommandError, match="untranslated"):
        load()
    assert counts() == before
    assert not Audience.objects.filter(name="Curieux").exists()


def test_admin_password_is_random_printed_once_and_kept_by_reruns(demo):
    User = get_user_model()

    def new_admin_password():
        User.objects.filter(username="admin").delete()
        output = load(verbosity=0)
        [password] = re.findall(r"password: (\S+)", output)
        return password

    first = new_admin_password()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password(first)
    assert len(first) >= 20
    assert new_admin_password() != first

    admin = User.objects.get(username="admin")
    output = load()
    assert "exists" in output and "password:" not in output
    assert User.objects.get(username="admin").password == admin.password


# --- Generated files ------------------------------------------------------------------------


def test_images_are_the_same_on_every_run_and_not_duplicated(demo):
    spec = content.IMAGES[0]
    assert render_png(spec) == render_png(spec)
    titles = [spec.title for spec in content.IMAGES]
    images = get_image_model().objects.filter(title__in=titles)
    assert images.count() == len(content.IMAGES)
    assert all(len(image.file_hash) == 40 for image in images)


@pytest.mark.parametrize("spec", content.DOCUMENTS, ids=lambda spec: spec.key)
def test_pdfs_have_a_valid_cross_reference_table(spec):
    pdf = render_pdf(spec)
    assert pdf.startswith(b"%PDF-1.4\n") and pdf.endswith(b"%%EOF\n")
    xref_at = int(re.search(rb"startxref\n(\d+)\n%%EOF", pdf).group(1))
    assert pdf[xref_at:].startswith(b"xref\n")
    entries = re.findall(rb"(\d{10}) 00000 n ", pdf[xref_at:])
    assert len(entries) == 6 + 2 * (1 + len(spec.more_pages))
    for number, offset in enumerate(entries, start=1):
        assert pdf[int(offset) :].startswith(f"{number} 0 obj".encode())
    length = int(re.search(rb"/Length (\d+) >>\nstream\n", pdf).group(1))
    stream_start = pdf.index(b"stream\n") + len(b"stream\n")
    assert pdf[stream_start + length :].startswith(b"\nendstream")
    assert spec.heading.encode("cp1252") in pdf


def test_every_long_text_has_its_own_english_wording():
    texts = []

    def collect(value):
        if isinstance(value, T):
            texts.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list | tuple):
            for item in value:
                collect(item)
        elif hasattr(value, "__dataclass_fields__"):
            for name in value.__dataclass_fields__:
                collect(getattr(value, name))

    collect([content.TREE, content.ORGANISATIONS, content.AUDIENCES])
    assert len(texts) > 100
    for text in texts:
        assert text.fr and text.en
        if len(text.fr) > 40:
            assert text.fr != text.en, text.fr
