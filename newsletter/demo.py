"""Demo content: the newsletter archive and the July 2021 issue, laid out as the original email.

``load_demo_newsletter(stdout)`` is idempotent: it finds the demo library items by slug or title
under the library and agenda, builds (or rebuilds) the French issue, and its English translation
through wagtail-localize. Items the demo does not have are left out with a note.
"""

import datetime

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

INTRO = (
    "Tous les mois, Territoires en Commun vous propose de découvrir une thématique "
    "d'inspiration autour des enjeux, expériences et bonnes pratiques en matière d'engagement "
    "citoyen et de coopérations."
)
PREHEADER = "Thématique du mois : démocratie sanitaire, projets inspirants, agenda."
FEATURED_BLURB = (
    "Ce dossier, rédigé par PromoSanté Ile-de-France, est une première porte d'entrée pour se "
    "doter de repères et d'outils pour garantir une démocratie sanitaire et une participation de "
    "toutes et tous."
)
CRISIS_BLURB = (
    "Découvrez le dossier de l'ICPC qui répertorie revue de presse, outils et méthodes de "
    "concertation ou encore expériences originales."
)

ENGLISH = {
    "title": "Health democracy and new local cooperation",
    "Thématique du mois": "Theme of the month",
    "Aller plus loin sur la thématique : la participation en période de crise": (
        "Going further: participation in times of crisis"
    ),
    "Projets démocratiques et expériences territoriales pour vous inspirer": (
        "Democratic projects and local experiences to inspire you"
    ),
    "Contribuez à la prochaine thématique": "Contribute to the next theme",
    "Le concept du mois": "The concept of the month",
    "Actualités de l'écosystème de Territoires en Commun": (
        "News from the Territoires en Commun network"
    ),
    "A vos agendas !": "Save the date!",
    "Découvrez le dossier": "Discover the dossier",
    "Découvrez le projet": "Discover the project",
    "Inscrivez-vous à l'événement": "Register for the event",
    "Votez pour une thématique": "Vote for a theme",
    "Des questions ou des commentaires ?": "Questions or comments?",
    INTRO: (
        "Every month, Territoires en Commun invites you to discover a theme of inspiration about "
        "the issues, experiences and good practices of civic engagement and cooperation."
    ),
    PREHEADER: "Theme of the month: health democracy, inspiring projects, agenda.",
    FEATURED_BLURB: (
        "This dossier, written by PromoSanté Île-de-France, is a first way in to landmarks and "
        "tools for a health democracy in which everyone takes part."
    ),
    CRISIS_BLURB: (
        "ICPC's dossier gathers press reviews, consultation tools and methods, and original "
        "experiences."
    ),
    "Votez pour les thématiques des projets partagés proposés par l'ANCT": (
        "Vote for the themes of the shared projects put forward by ANCT"
    ),
    "J'envoie ma ressource sur la participation citoyenne des adolescent.e.s": (
        "Send us your resource on teenagers' civic participation"
    ),
    "Vous avez des ressources à partager sur les adolescent.e.s et la démocratie ?": (
        "Do you have resources to share on teenagers and democracy?"
    ),
    "Candidatez aux Trophées": "Apply for the Awards",
    "Téléchargez la revue": "Download the review",
    "Vous pouvez télécharger le schéma ici.": "Download the diagram",
    "Contactez-nous en cliquant ici !": "Contact us here!",
    "Tous les mois, une thématique d'inspiration, des projets et des ressources.": (
        "Every month, a theme to inspire you, with projects and resources."
    ),
    "Découvrez la thématique du mois prochain et partagez-nous vos projets et ressources à "
    "inclure dans la prochaine newsletter.": (
        "Find out next month's theme and send us the projects and resources you would like to "
        "see in the next newsletter."
    ),
    "En Août, nous parlerons de la participation des jeunes, en particulier des adolescent.e.s. "
    "Afin de mettre en avant les projets des utilisateurs et utilisatrices de la plateforme, nous "
    "vous invitons à nous faire part des projets et ressources dont vous avez connaissance et qui "
    "sont en lien avec cette thématique.": (
        "In August, we will talk about young people's participation, teenagers' in particular. "
        "To showcase the projects of the platform's users, we invite you to tell us about the "
        "projects and resources you know of on this theme."
    ),
    "C'est vous qui décidez ! L'ANCT propose d'accompagner les collectivités territoriales autour "
    "de thématiques de politiques publiques jugées prioritaires pour les territoires. Les "
    "collectivités votent selon leurs enjeux. En fonction de leur popularité, un thème est choisi "
    "pour faire l'objet d'un projet partagé.": (
        "You decide! ANCT offers to support local authorities on public policy themes seen as "
        "priorities for their areas. Local authorities vote according to their own needs, and "
        "the most popular theme becomes a shared project."
    ),
    "2 électeurs sur 3": "2 voters out of 3",
    "Au 1er tour des élections Régionales de juin 2021, <b>2 électeurs sur 3 ne se sont pas "
    "déplacés</b> pour aller voter. L'abstention a atteint un niveau record et ne cesse de "
    "progresser. Ce phénomène est alarmant et révèle l'ampleur du <b>fossé qui se creuse entre "
    "les Français et leurs représentants</b>.": (
        "In the first round of the regional elections in June 2021, <b>2 voters out of 3 stayed "
        "at home</b>. Abstention reached a record level and keeps rising. This alarming trend "
        "shows how wide the <b>gap between French citizens and their representatives</b> has "
        "grown."
    ),
    "Découvrez les réflexions de l'Observatoire de l'éthique publique sur la rénovation de la "
    "démocratie régionale face à l'abstention dans leur livre blanc dédié à cette thématique :": (
        "Read the thoughts of the Observatoire de l'éthique publique on renewing regional "
        "democracy in the face of abstention, in their white paper on the subject:"
    ),
    "Télécharger le livre blanc de l'Observatoire de l'éthique publique": (
        "Download the white paper of the Observatoire de l'éthique publique"
    ),
    "Tous les mois, retrouverez un apport conceptuel ou théorique sur la démocratie, pour revenir "
    "aux fondamentaux ou entrer facilement dans un sujet complexe !": (
        "Every month, a concept or a piece of theory about democracy, to go back to the basics "
        "or to find an easy way into a complex subject!"
    ),
    "N'hésitez pas à partager ces actualités autour de vous et à suivre l'actualité de "
    "Territoires en Commun toute l'année directement sur la plateforme !": (
        "Feel free to share this news around you, and follow Territoires en Commun all year "
        "round on the platform!"
    ),
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


def _item(page, blurb="", button=""):
    return {"page": page, "title": "", "blurb": blurb, "button_label": button}


def _cta(label, url="", page=None, document=None):
    return {"label": label, "url": url, "page": page, "document": document}


def issue_body(items, next_theme):
    """The July 2021 sections, in the seed's order (items the demo lacks are skipped)."""
    body = [("theme_of_month", {"heading": "Thématique du mois", "text": ""})]
    if items.get("featured"):
        body.append(
            (
                "featured_item",
                {
                    "heading": "",
                    "item": _item(
                        items["featured"],
                        FEATURED_BLURB,
                        "Découvrez le dossier",
                    ),
                },
            )
        )
    if items.get("crisis"):
        body.append(
            (
                "items_section",
                {
                    "heading": "Aller plus loin sur la thématique : la participation en période de "
                    "crise",
                    "intro": "",
                    "items": [
                        _item(
                            items["crisis"],
                            CRISIS_BLURB,
                            "Découvrez le dossier",
                        )
                    ],
                },
            )
        )
    projects = [
        _item(items[key], "", "Découvrez le projet")
        for key in ("voisins", "petralba", "committees", "reserve")
        if items.get(key)
    ]
    if projects:
        body.append(
            (
                "items_section",
                {
                    "heading": "Projets démocratiques et expériences territoriales pour vous "
                    "inspirer",
                    "intro": "",
                    "items": projects,
                },
            )
        )
    body.append(
        (
            "contribution_call",
            {
                "heading": "Contribuez à la prochaine thématique",
                "intro": "Découvrez la thématique du mois prochain et partagez-nous vos projets et "
                "ressources à inclure dans la prochaine newsletter.",
                "next_theme": next_theme,
                "question": "Vous avez des ressources à partager sur les adolescent.e.s et la "
                "démocratie ?",
                "text": "En Août, nous parlerons de la participation des jeunes, en particulier "
                "des "
                "adolescent.e.s. Afin de mettre en avant les projets des utilisateurs et "
                "utilisatrices de la plateforme, nous vous invitons à nous faire part des "
                "projets et "
                "ressources dont vous avez connaissance et qui sont en lien avec cette thématique.",
                "call_to_action": _cta(
                    "J'envoie ma ressource sur la participation citoyenne des adolescent.e.s",
                    ""
                    if items.get("contribution_form")
                    else "mailto:contact@territoires-en-commun.fr?subject=Ressource%20jeunes",
                    page=items.get("contribution_form"),
                ),
            },
        )
    )
    body.append(
        (
            "external_call",
            {
                "heading": "Votez pour les thématiques des projets partagés proposés par l'ANCT",
                "text": "C'est vous qui décidez ! L'ANCT propose d'accompagner les collectivités "
                "territoriales autour de thématiques de politiques publiques jugées prioritaires "
                "pour les territoires. Les collectivités votent selon leurs enjeux. En fonction de "
                "leur popularité, un thème est choisi pour faire l'objet d'un projet partagé.",
                "call_to_action": _cta(
                    "Votez pour une thématique", "https://agence-cohesion-territoires.gouv.fr/"
                ),
            },
        )
    )
    body.append(
        (
            "key_figure",
            {
                "figure": "2 électeurs sur 3",
                "text": "<p>Au 1er tour des élections Régionales de juin 2021, <b>2 électeurs "
                "sur 3 "
                "ne se sont pas déplacés</b> pour aller voter. L'abstention a atteint un niveau "
                "record et ne cesse de progresser. Ce phénomène est alarmant et révèle "
                "l'ampleur du "
                "<b>fossé qui se creuse entre les Français et leurs représentants</b>.</p>"
                "<p>Découvrez les réflexions de l'Observatoire de l'éthique publique sur la "
                "rénovation de la démocratie régionale face à l'abstention dans leur livre blanc "
                "dédié à cette thématique :</p>",
                "call_to_action": _cta(
                    "Télécharger le livre blanc de l'Observatoire de l'éthique publique",
                    url="" if items.get("white_paper") else "https://www.ethique-publique.fr/",
                    page=items.get("white_paper"),
                ),
            },
        )
    )
    if items.get("concept"):
        body.append(
            (
                "concept",
                {
                    "heading": "Le concept du mois",
                    "intro": "Tous les mois, retrouverez un apport conceptuel ou théorique sur la "
                    "démocratie, pour revenir aux fondamentaux ou entrer facilement dans un sujet "
                    "complexe !",
                    "concept": items["concept"],
                    "text": "",
                    "download_label": "Vous pouvez télécharger le schéma ici.",
                },
            )
        )
    news = [
        _item(items[key], "", button)
        for key, button in (
            ("trophies", "Candidatez aux Trophées"),
            ("cahiers", "Téléchargez la revue"),
        )
        if items.get(key)
    ]
    if news:
        body.append(
            (
                "items_section",
                {
                    "heading": "Actualités de l'écosystème de Territoires en Commun",
                    "intro": "",
                    "items": news,
                },
            )
        )
    events = [
        _item(items[key], "", "Inscrivez-vous à l'événement")
        for key in ("training", "rep")
        if items.get(key)
    ]
    body.append(
        (
            "agenda",
            {
                "heading": "A vos agendas !",
                "events": events,
                "upcoming_count": None if events else 2,
            },
        )
    )
    body.append(
        (
            "rich_text",
            "<p>N'hésitez pas à partager ces actualités autour de vous et à suivre l'actualité de "
            "Territoires en Commun toute l'année directement sur la plateforme !</p>",
        )
    )
    body.append(
        (
            "partners",
            {
                "text": "",
                "contact_label": "Des questions ou des commentaires ?",
                "contact_link_label": "Contactez-nous en cliquant ici !",
            },
        )
    )
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
            title="La newsletter",
            slug="newsletter",
            locale=fr,
            intro="Tous les mois, une thématique d'inspiration, des projets et des ressources.",
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
        "preheader": PREHEADER,
        "intro": INTRO,
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
