"""Demo content: the newsletter archive and the July 2021 issue, laid out as the original email.

``load_demo_newsletter(stdout)`` is idempotent: it finds the demo library items by slug or title
under the library and agenda, builds (or rebuilds) the French issue, and its English translation
through wagtail-localize. Items the demo does not have are left out with a note.
"""

import datetime
import re

from django.db.models import Q
from wagtail.models import Locale

from events.models import EventPage
from home.models import HomePage
from newsletter.models import NewsletterIndexPage, NewsletterPage
from resources.models import ConceptPage, DossierPage, NewsPage, ProjectPage, ThemePage

# (type, slug candidates, title fragments)
ITEMS = {
    "featured": (
        DossierPage,
        ["democratie-sanitaire-participation-citoyens", "democratie-sanitaire-participation"],
        ["participation des citoyens"],
    ),
    "crisis": (
        DossierPage,
        ["participation-en-periode-de-crise", "participation-crise"],
        ["crise"],
    ),
    "voisins": (
        ProjectPage,
        ["voisins-voisines-grenoble", "voisins-voisines"],
        ["Voisins Voisines"],
    ),
    "petralba": (ProjectPage, ["petralba-charte-de-confinement", "petralba"], ["Pétralba"]),
    "committees": (
        ProjectPage,
        ["comites-gestion-crise-sanitaire", "comites-gestion-crise"],
        ["comités de gestion"],
    ),
    "reserve": (
        ProjectPage,
        ["saint-brieuc-reserve-citoyenne", "reserve-citoyenne"],
        ["réserve citoyenne"],
    ),
    "white_paper": (DossierPage, ["livre-blanc-democratie-regionale-abstention"], ["livre blanc"]),
    "concept": (ConceptPage, ["democratie-ouverte"], ["démocratie ouverte"]),
    "trophies": (
        NewsPage,
        ["trophees-participation-concertation-6e-edition", "trophees-participation"],
        ["Trophées"],
    ),
    "cahiers": (NewsPage, ["cahiers-de-l-action-57", "cahiers-action"], ["Cahiers de l'Action"]),
    "training": (
        EventPage,
        [
            "formation-concevoir-votre-demarche-participative",
            "concevoir-votre-demarche-participative",
        ],
        ["Concevoir votre démarche"],
    ),
    "contribution_form": (
        NewsPage,
        ["appel-contributions-participation-adolescents"],
        ["Appel à contributions"],
    ),
    "rep": (
        EventPage,
        ["rencontres-europeennes-de-la-participation-2021", "rencontres-europeennes-participation"],
        ["Rencontres Européennes"],
    ),
}

THEME = (
    ["democratie-sanitaire-cooperations-territoriales", "democratie-sanitaire"],
    ["Démocratie sanitaire et nouvelles"],
)
NEXT_THEME = (["participation-des-jeunes", "jeunes"], ["jeunes", "adolescent"])

# Each text of the issue, French first, with its English translation (wording of our own, from
# the facts of the July 2021 issue). Item cards show the items' own summaries: no overrides.
T = {
    "intro": (
        "Chaque mois, Territoires en Commun met en lumière une thématique : les questions "
        "qu'elle pose, des expériences de terrain et des pratiques qui ont fait leurs preuves "
        "en matière de participation citoyenne et de coopération.",
        "Each month, Territoires en Commun shines a light on one theme: the questions it raises, "
        "experiences from the field and practices that have proved their worth in citizen "
        "participation and cooperation.",
    ),
    "preheader": (
        "Ce mois-ci : la démocratie sanitaire, quatre projets de terrain et l'agenda de "
        "la rentrée.",
        "This month: health democracy, four local projects and the autumn agenda.",
    ),
    "theme_heading": ("Thématique du mois", "Theme of the month"),
    "crisis_heading": (
        "Pour approfondir : participer en temps de crise",
        "Going further: taking part in times of crisis",
    ),
    "projects_heading": (
        "Des projets de territoire pour s'inspirer",
        "Local projects to inspire you",
    ),
    "read_dossier": ("Lire le dossier", "Read the dossier"),
    "read_project": ("Voir le projet", "See the project"),
    "contribution_heading": (
        "Préparez avec nous la prochaine lettre",
        "Help us prepare the next issue",
    ),
    "contribution_intro": (
        "Voici la thématique du mois prochain : envoyez-nous les projets et ressources que vous "
        "aimeriez y voir figurer.",
        "Here is next month's theme: send us the projects and resources you would like to see "
        "in it.",
    ),
    "contribution_question": (
        "Vous connaissez une ressource sur les adolescents et la vie démocratique ?",
        "Do you know a resource on teenagers and democratic life?",
    ),
    "contribution_text": (
        "La lettre d'août sera consacrée à la participation des jeunes, et surtout des "
        "adolescentes et adolescents. Nous voulons y montrer ce que font les membres de la "
        "plateforme : signalez-nous les projets et les ressources que vous connaissez sur ce "
        "sujet.",
        "The August issue will be about young people's participation, especially teenagers'. We "
        "want to show what the platform's members do: tell us about the projects and resources "
        "you know on this subject.",
    ),
    "contribution_button": (
        "Proposer une ressource sur la participation des adolescents",
        "Suggest a resource on teenagers' participation",
    ),
    "vote_heading": (
        "Projets partagés de l'ANCT : choisissez les thèmes",
        "ANCT's shared projects: choose the themes",
    ),
    "vote_text": (
        "À vous de jouer ! L'ANCT se propose d'épauler les collectivités sur des sujets de "
        "politique publique qu'elles jugent prioritaires. Chaque collectivité vote selon ses "
        "besoins, et le thème qui recueille le plus de voix devient un projet partagé.",
        "Over to you! ANCT offers to back local authorities on the public policy subjects they "
        "see as priorities. Each authority votes according to its needs, and the theme with the "
        "most votes becomes a shared project.",
    ),
    "vote_button": ("Voter pour un thème", "Vote for a theme"),
    "figure": ("2 électeurs sur 3", "2 voters out of 3"),
    "figure_text": (
        "<p>Au premier tour des élections régionales de juin 2021, <b>deux inscrits sur trois "
        "sont restés chez eux</b>. Jamais l'abstention n'avait été aussi forte, et elle progresse "
        "d'élection en élection : le signe d'une <b>distance croissante entre les citoyens et "
        "leurs élus</b>.</p><p>Dans un livre blanc, l'Observatoire de l'éthique publique propose "
        "des pistes pour redonner du souffle à la démocratie régionale :</p>",
        "<p>In the first round of the June 2021 regional elections, <b>two registered voters out "
        "of three stayed at home</b>. Abstention had never been so high, and it grows from one "
        "election to the next: a sign of a <b>widening distance between citizens and their "
        "representatives</b>.</p><p>In a white paper, the Observatoire de l'éthique publique puts "
        "forward ways to breathe new life into regional democracy:</p>",
    ),
    "figure_button": ("Lire le livre blanc", "Read the white paper"),
    "concept_heading": ("Le concept du mois", "The concept of the month"),
    "concept_intro": (
        "Une notion de la démocratie expliquée simplement chaque mois, pour revoir les bases ou "
        "aborder sans peine un sujet ardu.",
        "Each month, one idea about democracy explained simply, to revisit the basics or to "
        "approach a difficult subject with ease.",
    ),
    "concept_download": ("Télécharger le schéma", "Download the diagram"),
    "news_heading": ("Nouvelles du réseau", "News from the network"),
    "trophies_button": ("Déposer une candidature", "Apply"),
    "cahiers_button": ("Lire la revue", "Read the journal"),
    "agenda_heading": ("À noter dans vos agendas", "For your diary"),
    "register": ("S'inscrire", "Register"),
    "share": (
        "<p>Faites circuler cette lettre, et retrouvez toute l'année les nouveautés du réseau "
        "sur la plateforme.</p>",
        "<p>Pass this letter on, and find the network's news all year round on the platform.</p>",
    ),
    "contact_label": ("Une question, une remarque ?", "A question or a comment?"),
    "contact_link": ("Écrivez-nous", "Write to us"),
    "archive_title": ("La newsletter", "The newsletter"),
    "archive_intro": (
        "Une lettre par mois : une thématique, des projets, des ressources et l'agenda du réseau.",
        "One letter a month: a theme, projects, resources and the network's agenda.",
    ),
}


def french(key):
    return T[key][0]


def _segments(french_text, english_text):
    """wagtail-localize translates rich text paragraph by paragraph: pair them up."""
    if not french_text.startswith("<p>"):
        return [(french_text, english_text)]
    paragraphs = re.compile(r"<p>(.*?)</p>")
    return list(zip(paragraphs.findall(french_text), paragraphs.findall(english_text), strict=True))


ENGLISH = {
    "title": "Health democracy and new local cooperation",
    **{fr: en for pair in T.values() for fr, en in _segments(*pair)},
}


def _find(model, slugs, fragments, locale):
    queryset = model.objects.filter(locale=locale)
    found = queryset.filter(slug__in=slugs).first()
    if found is None:
        query = Q()
        for fragment in fragments:
            query |= Q(title__icontains=fragment)
        found = queryset.filter(query).order_by("pk").first()
    return found


CONTRIBUTION_MAILTO = "mailto:contact@territoires-en-commun.fr?subject=Ressource%20jeunes"
ANCT_URL = "https://agence-cohesion-territoires.gouv.fr/"
OBSERVATORY_URL = "https://www.ethique-publique.fr/"


def _item(page, blurb="", button=""):
    return {"page": page, "title": "", "blurb": blurb, "button_label": button}


def _cta(label, url="", page=None, document=None):
    return {"label": label, "url": url, "page": page, "document": document}


def issue_body(items, next_theme):
    """The July 2021 sections, in the original email's order (items the demo lacks are skipped)."""
    body = [("theme_of_month", {"heading": french("theme_heading"), "text": ""})]
    if items.get("featured"):
        featured = _item(items["featured"], button=french("read_dossier"))
        body.append(("featured_item", {"heading": "", "item": featured}))
    if items.get("crisis"):
        section = {
            "heading": french("crisis_heading"),
            "intro": "",
            "items": [_item(items["crisis"], button=french("read_dossier"))],
        }
        body.append(("items_section", section))
    projects = [
        _item(items[key], button=french("read_project"))
        for key in ("voisins", "petralba", "committees", "reserve")
        if items.get(key)
    ]
    if projects:
        section = {"heading": french("projects_heading"), "intro": "", "items": projects}
        body.append(("items_section", section))
    contribution_form = items.get("contribution_form")
    body.append(
        (
            "contribution_call",
            {
                "heading": french("contribution_heading"),
                "intro": french("contribution_intro"),
                "next_theme": next_theme,
                "question": french("contribution_question"),
                "text": french("contribution_text"),
                "call_to_action": _cta(
                    french("contribution_button"),
                    "" if contribution_form else CONTRIBUTION_MAILTO,
                    page=contribution_form,
                ),
            },
        )
    )
    body.append(
        (
            "external_call",
            {
                "heading": french("vote_heading"),
                "text": french("vote_text"),
                "call_to_action": _cta(french("vote_button"), ANCT_URL),
            },
        )
    )
    white_paper = items.get("white_paper")
    body.append(
        (
            "key_figure",
            {
                "figure": french("figure"),
                "text": french("figure_text"),
                "call_to_action": _cta(
                    french("figure_button"),
                    url="" if white_paper else OBSERVATORY_URL,
                    page=white_paper,
                ),
            },
        )
    )
    if items.get("concept"):
        concept = {
            "heading": french("concept_heading"),
            "intro": french("concept_intro"),
            "concept": items["concept"],
            "text": "",
            "download_label": french("concept_download"),
        }
        body.append(("concept", concept))
    news = [
        _item(items[key], button=french(button))
        for key, button in (("trophies", "trophies_button"), ("cahiers", "cahiers_button"))
        if items.get(key)
    ]
    if news:
        body.append(
            ("items_section", {"heading": french("news_heading"), "intro": "", "items": news})
        )
    events = [
        _item(items[key], button=french("register"))
        for key in ("training", "rep")
        if items.get(key)
    ]
    agenda = {
        "heading": french("agenda_heading"),
        "events": events,
        "upcoming_count": None if events else 2,
    }
    body.append(("agenda", agenda))
    body.append(("rich_text", french("share")))
    partners = {
        "text": "",
        "contact_label": french("contact_label"),
        "contact_link_label": french("contact_link"),
    }
    body.append(("partners", partners))
    return body


def load_demo_newsletter(stdout=None):
    """Create or update the archive and the July 2021 issue (French, then English)."""

    def say(text):
        if stdout is not None:
            stdout.write(text)

    fr = Locale.objects.get(language_code="fr")
    home = HomePage.objects.filter(locale=fr).first()
    if home is None:
        say("newsletter demo: no French home page, skipped")
        return None
    index = NewsletterIndexPage.objects.child_of(home).first()
    if index is None:
        index = NewsletterIndexPage(
            title=french("archive_title"),
            slug="newsletter",
            locale=fr,
            intro=french("archive_intro"),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    items = {}
    for key, (model, slugs, fragments) in ITEMS.items():
        items[key] = _find(model, slugs, fragments, fr)
        if items[key] is None:
            say(f"newsletter demo: no demo item for “{key}”, left out")
    theme = _find(ThemePage, *THEME, fr)
    next_theme = _find(ThemePage, *NEXT_THEME, fr)
    issue = NewsletterPage.objects.child_of(index).filter(issue_number=1).first()
    if issue is not None:
        # Never overwrite an issue that exists: an editor may have changed it.
        say("newsletter demo: issue no. 1 exists, left as it is")
        if not issue.has_translation(Locale.objects.filter(language_code="en").first()):
            translate_demo(index, issue, say)
        return issue
    fields = {
        "title": "Démocratie sanitaire et nouvelles coopérations territoriales",
        "month": datetime.date(2021, 7, 1),
        "theme": theme,
        "preheader": french("preheader"),
        "intro": french("intro"),
        "body": issue_body(items, next_theme),
    }
    issue = NewsletterPage(issue_number=1, slug="2021-07", locale=fr, **fields)
    index.add_child(instance=issue)
    issue.save_revision().publish()
    say(f"newsletter demo: issue no. 1 with {len(issue.body)} sections")
    translate_demo(index, issue, say)
    return issue


def translate_demo(index, issue, say):
    """The English versions, made the way editors make them: wagtail-localize translations."""
    from wagtail_localize.models import (
        StringSegment,
        StringTranslation,
        Translation,
        TranslationSource,
    )

    en = Locale.objects.filter(language_code="en").first()
    if en is None or not HomePage.objects.filter(locale=en).exists():
        say("newsletter demo: no English home page, English issue skipped")
        return
    english = {**ENGLISH, index.title: "The newsletter", issue.title: ENGLISH["title"]}
    for stale in (index, issue):
        # as stored (published), not the object in hand: the source must match the French page
        page = type(stale).objects.get(pk=stale.pk)
        source, _created = TranslationSource.update_or_create_from_instance(page)
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=en, defaults={"enabled": True}
        )
        for segment in StringSegment.objects.filter(source=source).select_related("string"):
            data = segment.string.data
            text = english.get(data)
            as_is = data.startswith(("http://", "https://", "mailto:"))
            if text is None and (segment.context.path == "slug" or as_is):
                text = data  # slugs and addresses stay as they are, but count as translated
            if text:
                StringTranslation.objects.update_or_create(
                    translation_of=segment.string,
                    locale=en,
                    context=segment.context,
                    defaults={"data": text},
                )
        # save_target(publish=True) would publish on commit, from a copy of the page taken before
        # its children were translated (a stale tree position); publish the revision right away.
        translation.save_target(publish=False)
        page.get_translation(en).get_latest_revision().publish()
    say("newsletter demo: English translation published")
