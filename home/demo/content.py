"""The demo content: the world of the network's July 2021 newsletter, in French and English.

Facts (who did what, where, when, the figures) come from that issue; the wording is the site's
own. Nothing here is a statistic the newsletter did not give. Pages are listed parents first.
"""

import datetime

from home.demo.specs import (
    AudienceSpec,
    DocumentRef,
    DocumentSpec,
    ImageRef,
    ImageSpec,
    OrganisationSpec,
    PageSpec,
    Stream,
    T,
    TagSpec,
    TerritorySpec,
    paris,
)

NEWSLETTER_SOURCE = T(
    "Lettre Territoires en Commun, juillet 2021", "Territoires en Commun newsletter, July 2021"
)

# --- Vocabulary ------------------------------------------------------------------------------

AUDIENCES = (
    AudienceSpec("elected", T("Élus", "Elected officials")),
    AudienceSpec("public-servants", T("Agents publics", "Public servants")),
    AudienceSpec("civil-society", T("Société civile", "Civil society")),
    AudienceSpec("associations", T("Associations", "Non-profit organisations")),
    AudienceSpec("citizens", T("Citoyens", "Citizens")),
    AudienceSpec("young-people", T("Jeunes", "Young people")),
)
EVERYONE = tuple(audience.key for audience in AUDIENCES)

ORGANISATIONS = (
    OrganisationSpec(
        "anct",
        T(
            "Agence nationale de la cohésion des territoires",
            "National Agency for Territorial Cohesion",
        ),
        kind="state_agency",
        acronym="ANCT",
        website="https://agence-cohesion-territoires.gouv.fr/",
        description=T(
            "Agence de l'État qui aide les collectivités à concevoir et à mener leurs projets "
            "de territoire.",
            "The state agency that helps local authorities design and carry out their "
            "territorial projects.",
        ),
        is_network_member=True,
    ),
    OrganisationSpec(
        "banque-des-territoires",
        "Banque des Territoires",
        kind="public_bank",
        website="https://www.banquedesterritoires.fr/",
        description=T(
            "Acteur financier public qui accompagne les projets des collectivités et des "
            "acteurs locaux.",
            "A public financial institution that backs the projects of local authorities and "
            "local stakeholders.",
        ),
        is_network_member=True,
    ),
    OrganisationSpec(
        "decider-ensemble",
        "Décider Ensemble",
        kind="association",
        website="https://www.deciderensemble.com/",
        description=T(
            "Association qui promeut la concertation et la participation dans l'élaboration "
            "des décisions publiques.",
            "A non-profit that promotes public consultation and participation in the making "
            "of public decisions.",
        ),
        is_network_member=True,
    ),
    OrganisationSpec(
        "democratie-ouverte",
        "Démocratie Ouverte",
        kind="association",
        website="https://www.democratieouverte.org/",
        description=T(
            "Association qui rassemble des acteurs engagés pour une démocratie plus "
            "transparente, participative et collaborative.",
            "A non-profit bringing together people and groups committed to a more "
            "transparent, participatory and collaborative democracy.",
        ),
        is_network_member=True,
    ),
    OrganisationSpec(
        "icpc",
        T(
            "Institut de la Concertation et de la Participation Citoyenne",
            "Institute for Public Consultation and Citizen Participation",
        ),
        kind="association",
        acronym="ICPC",
        website="https://i-cpc.org/",
        description=T(
            "Association et réseau de praticiens de la concertation et de la participation "
            "citoyenne.",
            "A non-profit and a network of public consultation and citizen participation "
            "practitioners.",
        ),
        is_network_member=True,
    ),
    OrganisationSpec(
        "promosante-idf",
        "PromoSanté Île-de-France",
        kind="association",
        description=T(
            "Centre de ressources en promotion de la santé pour l'Île-de-France.",
            "The health promotion resource centre for the Île-de-France region.",
        ),
    ),
    OrganisationSpec(
        "observatoire-ethique-publique",
        T("Observatoire de l'éthique publique", "Public Ethics Observatory"),
        kind="research",
        description=T(
            "Observatoire qui réunit des chercheurs et des praticiens autour de l'éthique de "
            "la vie publique.",
            "An observatory where researchers and practitioners work on ethics in public life.",
        ),
    ),
    OrganisationSpec(
        "gazette-des-communes",
        "La Gazette des communes",
        kind="media",
        website="https://www.lagazettedescommunes.com/",
        description=T(
            "Média d'information des collectivités territoriales et de leurs agents.",
            "A news publication for local authorities and their staff.",
        ),
    ),
    OrganisationSpec(
        "ville-de-grenoble",
        T("Ville de Grenoble", "City of Grenoble"),
        kind="local_authority",
        website="https://www.grenoble.fr/",
    ),
    OrganisationSpec(
        "ville-de-lyon",
        T("Ville de Lyon", "City of Lyon"),
        kind="local_authority",
        website="https://www.lyon.fr/",
    ),
    OrganisationSpec(
        "nantes-metropole",
        "Nantes Métropole",
        kind="local_authority",
        website="https://metropole.nantes.fr/",
    ),
    OrganisationSpec(
        "ville-de-saint-brieuc",
        T("Ville de Saint-Brieuc", "City of Saint-Brieuc"),
        kind="local_authority",
        website="https://www.saint-brieuc.fr/",
    ),
    OrganisationSpec(
        "association-petralba",
        T("Association de quartier de Pétralba", "Pétralba neighbourhood association"),
        kind="association",
        description=T(
            "Association d'habitants d'un quartier, qui compte de jeunes adhérentes et adhérents.",
            "A residents' association whose members include young people.",
        ),
    ),
    OrganisationSpec(
        "injep",
        T(
            "Institut national de la jeunesse et de l'éducation populaire",
            "National Institute for Youth and Non-formal Education",
        ),
        kind="research",
        acronym="INJEP",
        website="https://injep.fr/",
        description=T(
            "Éditeur de la collection « Les Cahiers de l'action », qui croise les regards des "
            "praticiens et des chercheurs.",
            "Publisher of the “Les Cahiers de l'action” series, where practitioners and "
            "researchers compare their views.",
        ),
    ),
)

TERRITORIES = (
    TerritorySpec("france", "France", "national"),
    TerritorySpec("auvergne-rhone-alpes", "Auvergne-Rhône-Alpes", "region", "84", "france"),
    TerritorySpec("pays-de-la-loire", "Pays de la Loire", "region", "52", "france"),
    TerritorySpec("bretagne", "Bretagne", "region", "53", "france"),
    TerritorySpec("ile-de-france", "Île-de-France", "region", "11", "france"),
    TerritorySpec("isere", "Isère", "departement", "38", "auvergne-rhone-alpes"),
    TerritorySpec("rhone", "Rhône", "departement", "69", "auvergne-rhone-alpes"),
    TerritorySpec("loire-atlantique", "Loire-Atlantique", "departement", "44", "pays-de-la-loire"),
    TerritorySpec("cotes-d-armor", "Côtes-d'Armor", "departement", "22", "bretagne"),
    TerritorySpec("grenoble", "Grenoble", "commune", "38185", "isere", "45.18756", "5.73578"),
    TerritorySpec("lyon", "Lyon", "commune", "69123", "rhone", "45.76404", "4.83566"),
    TerritorySpec("nantes-metropole", "Nantes Métropole", "epci", "244400404", "loire-atlantique"),
    TerritorySpec(
        "saint-brieuc", "Saint-Brieuc", "commune", "22278", "cotes-d-armor", "48.51418", "-2.76103"
    ),
)

TAGS = (
    TagSpec("democratie-sanitaire", "démocratie sanitaire", "health democracy"),
    TagSpec("participation-citoyenne", "participation citoyenne", "citizen participation"),
    TagSpec("crise-sanitaire", "crise sanitaire", "health crisis"),
    TagSpec("entraide", "entraide", "mutual aid"),
    TagSpec("solidarite", "solidarité", "solidarity"),
    TagSpec("voisinage", "voisinage", "neighbourhood"),
    TagSpec("jeunesse", "jeunesse", "youth"),
    TagSpec("vie-associative", "vie associative", "community groups"),
    TagSpec("concertation", "concertation", "public consultation"),
    TagSpec("gouvernance-de-crise", "gouvernance de crise", "crisis governance"),
    TagSpec("cooperation-territoriale", "coopération territoriale", "territorial cooperation"),
    TagSpec("benevolat", "bénévolat", "volunteering"),
    TagSpec("politiques-publiques", "politiques publiques", "public policy"),
    TagSpec("abstention", "abstention", "abstention"),
    TagSpec("elections", "élections", "elections"),
    TagSpec("democratie-ouverte", "démocratie ouverte", "open democracy"),
    TagSpec("transparence", "transparence", "transparency"),
    TagSpec("metiers-de-la-participation", "métiers de la participation", "participation careers"),
    TagSpec("formation", "formation", "training"),
    TagSpec("prix-et-trophees", "prix et trophées", "awards"),
    TagSpec("europe", "Europe", "Europe"),
)

# --- Generated files -------------------------------------------------------------------------

IMAGES = (
    ImageSpec(
        "theme-health-democracy",
        "Démo – démocratie sanitaire",
        "circles",
        "#e8f1ee",
        ("#1f6f5c", "#f2b134", "#e0664a"),
    ),
    ImageSpec(
        "theme-youth",
        "Démo – participation des jeunes",
        "triangles",
        "#fdf0e3",
        ("#e07a3f", "#3d5a80", "#98c1d9"),
    ),
    ImageSpec(
        "dossier-health-democracy",
        "Démo – dossier démocratie sanitaire",
        "grid",
        "#eef3f8",
        ("#2b5f8a", "#6fb3b8", "#f2b134"),
    ),
    ImageSpec(
        "dossier-crisis-participation",
        "Démo – participation en période de crise",
        "stripes",
        "#f4efe9",
        ("#8c3b3b", "#d98f4e", "#3f6e6a"),
    ),
    ImageSpec(
        "webinar-crisis-committees",
        "Démo – webinaire comités de crise",
        "arcs",
        "#edf0f7",
        ("#34467a", "#e0664a", "#9bb0d4"),
    ),
    ImageSpec(
        "project-voisins-voisines",
        "Démo – Voisins Voisines",
        "dots",
        "#fff6e5",
        ("#e09f3e", "#335c67", "#9e2a2b"),
    ),
    ImageSpec(
        "project-petralba",
        "Démo – charte de Pétralba",
        "triangles",
        "#eef6ef",
        ("#2d6a4f", "#95d5b2", "#f4a261"),
    ),
    ImageSpec(
        "project-crisis-committees",
        "Démo – comités de gestion de crise",
        "grid",
        "#f3eef6",
        ("#5a3d7a", "#c08fd0", "#f2b134"),
    ),
    ImageSpec(
        "project-citizen-reserve",
        "Démo – réserve citoyenne",
        "circles",
        "#e9f2f8",
        ("#1d4e89", "#00b2ca", "#f79256"),
    ),
    ImageSpec(
        "news-shared-projects",
        "Démo – projets partagés",
        "stripes",
        "#eef5f2",
        ("#0b6e4f", "#08a045", "#f5bb00"),
    ),
    ImageSpec(
        "white-paper-abstention",
        "Démo – livre blanc abstention",
        "arcs",
        "#f5f1ea",
        ("#6b4226", "#c97c5d", "#36558f"),
    ),
    ImageSpec(
        "concept-open-democracy",
        "Démo – démocratie ouverte",
        "venn",
        "#f7f7f2",
        ("#2b7a78", "#f2b134", "#de6b48"),
    ),
    ImageSpec(
        "concept-open-democracy-diagram",
        "Schéma – les trois piliers de la démocratie ouverte",
        "venn",
        "#ffffff",
        ("#2b7a78", "#f2b134", "#de6b48"),
    ),
    ImageSpec(
        "news-awards",
        "Démo – Trophées de la participation",
        "dots",
        "#fdf3f0",
        ("#c44536", "#f2b134", "#283d3b"),
    ),
    ImageSpec(
        "news-cahiers",
        "Démo – Cahiers de l'action n°57",
        "stripes",
        "#eef0f6",
        ("#3d405b", "#81b29a", "#e07a5f"),
    ),
    ImageSpec(
        "event-training",
        "Démo – formation démarche participative",
        "grid",
        "#f1f7ee",
        ("#386641", "#a7c957", "#bc4749"),
    ),
    ImageSpec(
        "event-european-meetings",
        "Démo – Rencontres européennes de la participation",
        "circles",
        "#eef2fb",
        ("#003399", "#ffcc00", "#6c8ebf"),
    ),
    ImageSpec(
        "news-youth-call",
        "Démo – appel à contributions jeunesse",
        "triangles",
        "#fef6ec",
        ("#e76f51", "#2a9d8f", "#264653"),
    ),
)

DOCUMENTS = (
    DocumentSpec(
        "white-paper-summary",
        "Livre blanc sur la démocratie régionale – fiche de présentation (démo)",
        "Rénover la démocratie régionale face à l'abstention",
        (
            "Fiche de présentation rédigée pour le site de démonstration de Territoires en Commun.",
            "Le livre blanc de l'Observatoire de l'éthique publique part d'un constat : au "
            "premier tour des élections régionales de juin 2021, deux électeurs sur trois ne "
            "sont pas allés voter.",
            "Il propose des pistes pour rapprocher les citoyens de leurs représentants à "
            "l'échelle régionale.",
            "Le texte intégral est disponible auprès de l'Observatoire de l'éthique publique.",
        ),
        more_pages=(
            (
                "Les pistes du livre blanc",
                "Faciliter le vote : généraliser le vote par correspondance et simplifier les "
                "procurations pour les électeurs éloignés de leur bureau de vote.",
                "Mieux faire connaître les compétences des régions, souvent ignorées des "
                "électeurs, et rendre compte chaque année de l'action régionale.",
            ),
        ),
    ),
    DocumentSpec(
        "open-democracy-diagram",
        "Schéma – les trois piliers de la démocratie ouverte (démo)",
        "La démocratie ouverte en un schéma",
        (
            "Trois principes qui se renforcent : la transparence, la participation et la "
            "collaboration.",
        ),
        diagram=True,
    ),
)

# --- Pages -----------------------------------------------------------------------------------

JULY_THEME = "theme-health-democracy"
AUGUST_THEME = "theme-youth"


def _p(fr, en):
    """A paragraph block of a body."""
    return ("paragraph", T(f"<p>{fr}</p>", f"<p>{en}</p>"))


TREE = (
    PageSpec(
        "home",
        "home.HomePage",
        None,
        title=T("Territoires en Commun", "Territoires en Commun"),
        slug=T("accueil", "home"),
        fields={
            "intro": T(
                "Territoires en Commun relie élus, agents publics et société civile autour de "
                "l'engagement citoyen et des coopérations locales. Chaque mois, le réseau "
                "met en avant une thématique, des expériences de terrain et des ressources "
                "pour agir.",
                "Territoires en Commun connects elected officials, public servants and civil "
                "society around civic engagement and local cooperation. Every month, the "
                "network puts a theme, field experiences and practical resources in the "
                "spotlight.",
            ),
            "newsletter_pitch": T(
                "Une lettre par mois : la thématique du moment, des projets inspirants, un "
                "concept expliqué simplement et l'agenda du réseau.",
                "One letter a month: the current theme, inspiring projects, a concept "
                "explained in plain words and the network's agenda.",
            ),
        },
    ),
    PageSpec(
        "library",
        "resources.LibraryIndexPage",
        "home",
        title=T("Bibliothèque", "Library"),
        slug=T("bibliotheque", "library"),
        show_in_menus=True,
        fields={
            "intro": T(
                "Projets, dossiers, concepts et actualités repérés par le réseau, à filtrer "
                "par thématique, par type ou par territoire.",
                "Projects, dossiers, concepts and news collected by the network, to filter by "
                "theme, type or territory.",
            )
        },
    ),
    PageSpec(
        "themes",
        "resources.ThemeIndexPage",
        "home",
        title=T("Thématiques", "Themes"),
        slug=T("thematiques", "themes"),
        show_in_menus=True,
        fields={
            "intro": T(
                "Chaque mois, une thématique pour explorer l'engagement citoyen et les "
                "coopérations entre les acteurs d'un territoire.",
                "Each month, a theme for exploring civic engagement and cooperation between "
                "the people and organisations of a territory.",
            )
        },
    ),
    PageSpec(
        "agenda",
        "events.EventIndexPage",
        "home",
        title=T("Agenda", "Events"),
        slug=T("agenda", "events"),
        show_in_menus=True,
        fields={
            "intro": T(
                "Formations, rencontres et webinaires proposés par les membres du réseau et "
                "leurs partenaires.",
                "Training courses, gatherings and webinars offered by the network's members "
                "and their partners.",
            )
        },
    ),
    # Themes
    PageSpec(
        JULY_THEME,
        "resources.ThemePage",
        "themes",
        title=T(
            "Démocratie sanitaire et nouvelles coopérations territoriales",
            "Health democracy and new forms of territorial cooperation",
        ),
        slug=T(
            "democratie-sanitaire-cooperations-territoriales",
            "health-democracy-territorial-cooperation",
        ),
        fields={
            "intro": T(
                "Pendant la crise sanitaire, élus, agents et habitants ont inventé des "
                "manières inédites d'agir ensemble. Quelle place donner aux citoyens et aux "
                "acteurs locaux quand il faut décider vite, et comment faire durer les "
                "coopérations nées de l'urgence ?",
                "During the health crisis, elected officials, public servants and residents "
                "found new ways of acting together. What room should citizens and local "
                "stakeholders have when decisions must be made fast, and how can the "
                "cooperation born of the emergency be made to last?",
            ),
            "image": ImageRef("theme-health-democracy"),
            "featured_month": datetime.date(2021, 7, 1),
            "body": Stream(
                (
                    ("heading", T("Pourquoi cette thématique ?", "Why this theme?")),
                    _p(
                        "La démocratie sanitaire consiste à associer les usagers, les "
                        "patients et plus largement les habitants aux choix qui touchent à "
                        "leur santé. La pandémie de COVID-19 a mis cette ambition à "
                        "l'épreuve : les décisions se prenaient dans l'urgence, souvent loin "
                        "des territoires, tandis que les solidarités s'organisaient au plus "
                        "près des habitants.",
                        "Health democracy means involving service users, patients and, more "
                        "broadly, residents in the choices that affect their health. The "
                        "COVID-19 pandemic put this ambition to the test: decisions were made "
                        "in a hurry, often far from the places concerned, while mutual aid "
                        "was being organised right where people live.",
                    ),
                    _p(
                        "Les ressources réunies ici montrent comment des collectivités et des "
                        "associations ont ouvert leur gestion de crise, mobilisé des "
                        "volontaires ou écrit des règles communes avec leurs membres.",
                        "The resources gathered here show how local authorities and "
                        "associations opened up their crisis management, mobilised "
                        "volunteers or wrote shared rules with their members.",
                    ),
                )
            ),
        },
    ),
    PageSpec(
        AUGUST_THEME,
        "resources.ThemePage",
        "themes",
        title=T(
            "La participation des jeunes et des adolescents",
            "Young people's and teenagers' participation",
        ),
        slug=T("participation-des-jeunes", "youth-participation"),
        fields={
            "intro": T(
                "Comment les adolescentes et les adolescents prennent-ils part à la vie "
                "démocratique locale ? La thématique d'août s'intéresse aux démarches qui "
                "leur donnent une vraie place dans les décisions.",
                "How do teenagers take part in local democratic life? August's theme looks "
                "at approaches that give them a real say in decisions.",
            ),
            "image": ImageRef("theme-youth"),
            "featured_month": datetime.date(2021, 8, 1),
            "body": Stream(
                (
                    _p(
                        "Conseils de jeunes, budgets participatifs, projets associatifs "
                        "portés par les jeunes eux-mêmes : la participation prend bien des "
                        "formes. Le réseau rassemble en ce moment des expériences et des "
                        "ressources sur le sujet, et vous pouvez partager les vôtres.",
                        "Youth councils, participatory budgets, community projects led by "
                        "young people themselves: participation takes many forms. The "
                        "network is currently collecting experiences and resources on the "
                        "subject, and you are welcome to share yours.",
                    ),
                )
            ),
        },
    ),
    # Resources of the theme of the month
    PageSpec(
        "dossier-health-democracy",
        "resources.DossierPage",
        "library",
        title=T(
            "Démocratie sanitaire et participation des citoyens",
            "Health democracy and citizen participation",
        ),
        slug=T(
            "democratie-sanitaire-participation-citoyens",
            "health-democracy-citizen-participation",
        ),
        fields={
            "summary": T(
                "Une porte d'entrée proposée par PromoSanté Île-de-France pour comprendre ce "
                "que recouvre la démocratie sanitaire et trouver des outils qui permettent à "
                "chacune et chacun de prendre part aux questions de santé.",
                "A starting point from PromoSanté Île-de-France for understanding what health "
                "democracy covers, with tools that let everyone take part in health matters.",
            ),
            "kind": "dossier",
            "resource_language": "fr",
            "publication_date": datetime.date(2021, 6, 28),
            "listing_image": ImageRef("dossier-health-democracy"),
            "body": Stream(
                (
                    _p(
                        "Le dossier s'adresse d'abord à celles et ceux qui découvrent le "
                        "sujet : il rassemble des repères pour comprendre les enjeux et des "
                        "outils pour associer habitants et usagers de façon équitable.",
                        "The dossier is aimed first at people new to the subject: it brings "
                        "together reference points for understanding what is at stake and "
                        "tools for involving residents and service users fairly.",
                    ),
                    _p(
                        "La crise sanitaire a remis au premier plan la question de la place "
                        "des habitants dans les décisions de santé publique.",
                        "The health crisis brought back to the fore the question of what "
                        "place residents have in public health decisions.",
                    ),
                )
            ),
        },
        themes=(JULY_THEME,),
        tags=("democratie-sanitaire", "participation-citoyenne", "crise-sanitaire"),
        territories=("ile-de-france",),
        organisations=("promosante-idf",),
        audiences=("elected", "public-servants", "civil-society", "associations"),
    ),
    PageSpec(
        "dossier-crisis-participation",
        "resources.DossierPage",
        "library",
        title=T("La participation en période de crise", "Participation in times of crisis"),
        slug=T("participation-en-periode-de-crise", "participation-in-times-of-crisis"),
        fields={
            "summary": T(
                "Pour approfondir la thématique, l'ICPC a réuni dans un même dossier une "
                "revue de presse, des outils et des méthodes de concertation ainsi que des "
                "initiatives inédites.",
                "To explore the theme further, the ICPC has gathered a press review, public "
                "consultation tools and methods, and unusual initiatives in a single dossier.",
            ),
            "kind": "dossier",
            "resource_language": "fr",
            "publication_date": datetime.date(2021, 6, 29),
            "listing_image": ImageRef("dossier-crisis-participation"),
            "body": Stream(
                (
                    ("heading", T("Ce que contient le dossier", "What the dossier holds")),
                    (
                        "paragraph",
                        T(
                            "<ul><li>une revue de presse sur la participation pendant la "
                            "crise ;</li><li>des outils et des méthodes pour continuer à "
                            "concerter malgré les contraintes sanitaires ;</li><li>des "
                            "expériences originales repérées dans les territoires.</li></ul>",
                            "<ul><li>a press review on participation during the crisis;</li>"
                            "<li>tools and methods for carrying on with public consultation "
                            "despite health restrictions;</li><li>unusual experiences spotted "
                            "around the country.</li></ul>",
                        ),
                    ),
                )
            ),
        },
        themes=(JULY_THEME,),
        tags=("participation-citoyenne", "crise-sanitaire", "concertation"),
        territories=("france",),
        organisations=("icpc",),
        audiences=("elected", "public-servants", "civil-society"),
    ),
    PageSpec(
        "webinar-crisis-committees",
        "resources.DossierPage",
        "library",
        title=T(
            "Webinaire : les comités de gestion de la crise sanitaire",
            "Webinar: health crisis management committees",
        ),
        slug=T("webinaire-comites-gestion-crise", "webinar-crisis-management-committees"),
        fields={
            "summary": T(
                "Décider Ensemble donne la parole à la Ville de Grenoble, à la Ville de Lyon "
                "et à Nantes Métropole, qui ont chacune innové dans la façon de piloter la "
                "crise sanitaire.",
                "Décider Ensemble hears from the City of Grenoble, the City of Lyon and Nantes "
                "Métropole, each of which found new ways of steering the health crisis.",
            ),
            "kind": "webinar",
            "resource_language": "fr",
            "publication_date": datetime.date(2021, 6, 24),
            "listing_image": ImageRef("webinar-crisis-committees"),
            "body": Stream(
                (
                    _p(
                        "Trois collectivités, trois manières d'ouvrir la gestion de crise : "
                        "le webinaire permet de comparer leurs démarches et d'en tirer des "
                        "enseignements pour d'autres territoires.",
                        "Three local authorities, three ways of opening up crisis "
                        "management: the webinar lets you compare their approaches and draw "
                        "lessons for other areas.",
                    ),
                )
            ),
        },
        themes=(JULY_THEME,),
        tags=("gouvernance-de-crise", "crise-sanitaire", "concertation"),
        territories=("grenoble", "lyon", "nantes-metropole"),
        organisations=("decider-ensemble",),
        audiences=("elected", "public-servants"),
        related=("project-crisis-committees",),
    ),
    # Inspiring projects
    PageSpec(
        "project-voisins-voisines",
        "resources.ProjectPage",
        "library",
        title=T(
            "« Voisins Voisines », la plateforme d'entraide de Grenoble",
            "“Voisins Voisines”, Grenoble's mutual-aid platform for neighbours",
        ),
        slug=T("voisins-voisines-grenoble", "grenoble-voisins-voisines-mutual-aid"),
        fields={
            "summary": T(
                "Pour limiter les effets de l'épidémie sur la vie quotidienne, la mairie de "
                "Grenoble a conçu une plateforme qui met les voisins en relation et fait "
                "naître des « boucles de solidarité » dans les quartiers.",
                "To soften the epidemic's impact on daily life, Grenoble city council built "
                "a platform that puts neighbours in touch and creates “solidarity loops” in "
                "each neighbourhood.",
            ),
            "publication_date": datetime.date(2021, 6, 21),
            "listing_image": ImageRef("project-voisins-voisines"),
            "actors": T(
                "La Ville de Grenoble et des habitantes et habitants volontaires.",
                "The City of Grenoble and volunteer residents.",
            ),
            "approach": T(
                "<p>Plutôt que de tout organiser depuis la mairie, la ville a créé un outil "
                "dédié pour que les habitants s'entraident près de chez eux, en tissant des "
                "réseaux de voisinage.</p>",
                "<p>Instead of organising everything from the town hall, the city created a "
                "dedicated tool so that residents could help one another close to home, by "
                "building neighbourhood networks.</p>",
            ),
        },
        themes=(JULY_THEME,),
        tags=("entraide", "solidarite", "voisinage", "crise-sanitaire"),
        territories=("grenoble",),
        organisations=("ville-de-grenoble",),
        audiences=("citizens", "elected", "public-servants"),
    ),
    PageSpec(
        "project-petralba",
        "resources.ProjectPage",
        "library",
        title=T(
            "Pétralba : une charte de confinement écrite avec les jeunes",
            "Pétralba: a lockdown charter written with young members",
        ),
        slug=T("petralba-charte-de-confinement", "petralba-lockdown-charter"),
        fields={
            "summary": T(
                "Face au confinement lié à la COVID-19, l'association de quartier de Pétralba "
                "a rédigé une charte avec ses jeunes adhérentes et adhérents, ouverte à toute "
                "personne prête à s'engager dans une action solidaire.",
                "Faced with the COVID-19 lockdown, the Pétralba neighbourhood association "
                "drew up a charter together with its young members, open to anyone ready to "
                "join a solidarity action.",
            ),
            "publication_date": datetime.date(2021, 6, 22),
            "listing_image": ImageRef("project-petralba"),
            "actors": T(
                "L'association de quartier de Pétralba, ses jeunes membres et les "
                "volontaires qui les ont rejoints.",
                "The Pétralba neighbourhood association, its young members and the "
                "volunteers who joined them.",
            ),
            "approach": T(
                "<p>Au lieu d'imposer des règles, l'association a choisi de les construire avec "
                "les jeunes, en les consultant : la charte pose un cadre commun pour agir "
                "solidairement pendant la crise.</p>",
                "<p>Rather than imposing rules, the association chose to work them out with "
                "the young members: the charter sets a shared framework for acting in "
                "solidarity during the crisis.</p>",
            ),
        },
        themes=(JULY_THEME, AUGUST_THEME),
        tags=("jeunesse", "solidarite", "vie-associative", "crise-sanitaire"),
        organisations=("association-petralba",),
        audiences=("associations", "young-people"),
    ),
    PageSpec(
        "project-crisis-committees",
        "resources.ProjectPage",
        "library",
        title=T(
            "Les comités de gestion de la crise sanitaire de Grenoble, Lyon et Nantes Métropole",
            "Health crisis management committees in Grenoble, Lyon and Nantes Métropole",
        ),
        slug=T("comites-gestion-crise-sanitaire", "health-crisis-management-committees"),
        fields={
            "summary": T(
                "Grenoble, Lyon et Nantes Métropole ont expérimenté des façons nouvelles de "
                "piloter la crise sanitaire. Un webinaire de Décider Ensemble présente ces "
                "trois démarches.",
                "Grenoble, Lyon and Nantes Métropole tried out new ways of steering the "
                "health crisis. A Décider Ensemble webinar presents all three approaches.",
            ),
            "publication_date": datetime.date(2021, 6, 25),
            "listing_image": ImageRef("project-crisis-committees"),
            "actors": T(
                "La Ville de Grenoble, la Ville de Lyon et Nantes Métropole ; Décider "
                "Ensemble pour le webinaire.",
                "The City of Grenoble, the City of Lyon and Nantes Métropole; Décider "
                "Ensemble for the webinar.",
            ),
            "approach": T(
                "<p>Chaque collectivité a trouvé sa propre formule pour associer d'autres "
                "acteurs au pilotage de la crise. Le webinaire associé permet de découvrir "
                "ces approches et de les comparer.</p>",
                "<p>Each local authority found its own way of bringing other stakeholders "
                "into the steering of the crisis. The related webinar lets you discover "
                "these approaches and compare them.</p>",
            ),
        },
        themes=(JULY_THEME,),
        tags=("gouvernance-de-crise", "crise-sanitaire", "cooperation-territoriale"),
        territories=("grenoble", "lyon", "nantes-metropole"),
        organisations=(
            "ville-de-grenoble",
            "ville-de-lyon",
            "nantes-metropole",
            "decider-ensemble",
        ),
        audiences=("elected", "public-servants"),
        related=("webinar-crisis-committees",),
    ),
    PageSpec(
        "project-citizen-reserve",
        "resources.ProjectPage",
        "library",
        title=T(
            "Saint-Brieuc mobilise une réserve citoyenne face à la crise sanitaire",
            "Saint-Brieuc calls on a citizen reserve to face the health crisis",
        ),
        slug=T("saint-brieuc-reserve-citoyenne", "saint-brieuc-citizen-reserve"),
        fields={
            "summary": T(
                "Saint-Brieuc a demandé à ses habitants de former une réserve citoyenne, prête "
                "à intervenir pendant la crise sanitaire : plus de 150 volontaires se sont "
                "manifestés.",
                "Saint-Brieuc asked its residents to form a citizen reserve, ready to step in "
                "during the health crisis: more than 150 volunteers came forward.",
            ),
            "publication_date": datetime.date(2021, 6, 23),
            "listing_image": ImageRef("project-citizen-reserve"),
            "actors": T(
                "La Ville de Saint-Brieuc et les citoyennes et citoyens volontaires.",
                "The City of Saint-Brieuc and volunteer citizens.",
            ),
            "approach": T(
                "<p>La ville a lancé un appel aux volontaires pour former une réserve prête à "
                "prêter main-forte selon les besoins nés de la crise.</p>",
                "<p>The city put out a call for volunteers to form a reserve ready to lend a "
                "hand wherever the crisis created needs.</p>",
            ),
            "key_figures": Stream(
                (
                    (
                        "figure",
                        {
                            "figure": "150+",
                            "label": T(
                                "habitantes et habitants se sont portés volontaires",
                                "residents volunteered",
                            ),
                            "source": NEWSLETTER_SOURCE,
                        },
                    ),
                )
            ),
        },
        themes=(JULY_THEME,),
        tags=("benevolat", "solidarite", "crise-sanitaire"),
        territories=("saint-brieuc",),
        organisations=("ville-de-saint-brieuc",),
        audiences=("citizens", "elected", "public-servants"),
    ),
    # Ecosystem
    PageSpec(
        "news-shared-projects",
        "resources.NewsPage",
        "library",
        title=T(
            "Projets partagés : votez pour les thématiques proposées par l'ANCT",
            "Shared projects: vote for the themes put forward by ANCT",
        ),
        slug=T("projets-partages-anct-vote", "anct-shared-projects-vote"),
        fields={
            "summary": T(
                "À vous de choisir ! L'ANCT offre son appui aux collectivités sur des sujets de "
                "politiques publiques que les territoires considèrent comme prioritaires. "
                "Chaque collectivité vote selon ses enjeux, et le sujet le plus plébiscité "
                "donnera lieu à un projet partagé.",
                "Your choice! ANCT offers to support local authorities on public policy "
                "themes seen as priorities. Each authority votes according to its own "
                "concerns, and the most popular theme will become a shared project.",
            ),
            "kind": "call",
            "publication_date": datetime.date(2021, 7, 2),
            "listing_image": ImageRef("news-shared-projects"),
            "body": Stream(
                (
                    _p(
                        "Le principe est simple : les collectivités indiquent les sujets qui "
                        "comptent le plus pour leur territoire. Selon la popularité de chaque "
                        "thème, l'un d'eux est retenu et fait l'objet d'un accompagnement "
                        "commun, partagé entre les territoires intéressés.",
                        "The idea is simple: local authorities say which subjects matter "
                        "most to their area. Depending on how popular each theme is, one of "
                        "them is chosen and receives joint support, shared between the "
                        "territories concerned.",
                    ),
                )
            ),
        },
        tags=("politiques-publiques", "cooperation-territoriale"),
        territories=("france",),
        organisations=("anct",),
        audiences=("elected", "public-servants"),
    ),
    PageSpec(
        "white-paper-abstention",
        "resources.DossierPage",
        "library",
        title=T(
            "Livre blanc : rénover la démocratie régionale face à l'abstention",
            "White paper: renewing regional democracy in the face of abstention",
        ),
        slug=T(
            "livre-blanc-democratie-regionale-abstention",
            "white-paper-regional-democracy-abstention",
        ),
        fields={
            "summary": T(
                "Jamais l'abstention n'avait été aussi forte qu'aux élections régionales de "
                "juin 2021. L'Observatoire de l'éthique publique livre ses réflexions pour "
                "redonner du souffle à la démocratie régionale.",
                "Abstention reached a record level in the June 2021 regional elections. The "
                "Public Ethics Observatory sets out its thinking on how to breathe new life "
                "into regional democracy.",
            ),
            "kind": "white_paper",
            "resource_language": "fr",
            "document": DocumentRef("white-paper-summary"),
            "publication_date": datetime.date(2021, 7, 6),
            "listing_image": ImageRef("white-paper-abstention"),
            "body": Stream(
                (
                    (
                        "key_figure",
                        {
                            "figure": T("2 sur 3", "2 out of 3"),
                            "label": T(
                                "électeurs sont restés chez eux au premier tour des "
                                "régionales de juin 2021",
                                "voters stayed at home in the first round of the June 2021 "
                                "regional elections",
                            ),
                            "source": NEWSLETTER_SOURCE,
                        },
                    ),
                    _p(
                        "Une participation aussi faible, qui continue de reculer, inquiète : "
                        "elle témoigne d'un fossé grandissant entre les Français et celles et "
                        "ceux qui les représentent. Le livre blanc examine ce décrochage et "
                        "avance des pistes pour rénover la démocratie à l'échelle des régions.",
                        "Such low and still falling turnout is worrying: it shows a widening "
                        "gap between French people and their representatives. The white "
                        "paper examines this disengagement and suggests ways of renewing "
                        "democracy at regional level.",
                    ),
                )
            ),
        },
        tags=("abstention", "elections", "participation-citoyenne"),
        territories=("france",),
        organisations=("observatoire-ethique-publique",),
        audiences=("elected", "citizens", "civil-society"),
    ),
    PageSpec(
        "concept-open-democracy",
        "resources.ConceptPage",
        "library",
        title=T("La démocratie ouverte", "Open democracy"),
        slug=T("democratie-ouverte", "open-democracy"),
        fields={
            "summary": T(
                "Le concept du mois : Démocratie Ouverte, l'une des cinq structures qui "
                "animent Territoires en Commun, présente en un schéma l'idée fondatrice de "
                "l'association.",
                "The concept of the month: Démocratie Ouverte, one of the five organisations "
                "that run Territoires en Commun, explains the idea the association was "
                "founded on in a single diagram.",
            ),
            "publication_date": datetime.date(2021, 7, 7),
            "listing_image": ImageRef("concept-open-democracy"),
            "definition": T(
                "Un mode de gouvernance, inspiré de la notion anglo-saxonne d'open "
                "government, qui repose sur la transparence de l'action publique, la "
                "participation des citoyens et le travail en commun avec la société civile.",
                "A way of governing, inspired by the English-speaking notion of open "
                "government, that rests on transparent public action, citizen participation "
                "and collaboration with civil society.",
            ),
            "pillars": Stream(
                (
                    (
                        "pillar",
                        {
                            "title": T("Transparence", "Transparency"),
                            "text": T(
                                "Rendre l'information publique accessible et "
                                "compréhensible, pour que chacun puisse suivre les décisions.",
                                "Making public information accessible and understandable, so "
                                "that everyone can follow decisions.",
                            ),
                        },
                    ),
                    (
                        "pillar",
                        {
                            "title": T("Participation", "Participation"),
                            "text": T(
                                "Donner aux citoyens les moyens de contribuer aux choix qui "
                                "les concernent, au-delà du vote.",
                                "Giving citizens the means to contribute to the choices that "
                                "affect them, beyond voting.",
                            ),
                        },
                    ),
                    (
                        "pillar",
                        {
                            "title": T("Collaboration", "Collaboration"),
                            "text": T(
                                "Construire les réponses avec la société civile : "
                                "associations, collectifs, entreprises, chercheurs.",
                                "Building answers together with civil society: non-profits, "
                                "citizen groups, businesses, researchers.",
                            ),
                        },
                    ),
                )
            ),
            "diagram": ImageRef("concept-open-democracy-diagram"),
            "diagram_description": T(
                "Trois cercles de couleur qui se chevauchent figurent la transparence, la "
                "participation et la collaboration ; leur zone commune, au centre, représente "
                "la démocratie ouverte.",
                "Three overlapping coloured circles stand for transparency, participation "
                "and collaboration; the area they share, in the middle, represents open "
                "democracy.",
            ),
            "diagram_document": DocumentRef("open-democracy-diagram"),
        },
        tags=("democratie-ouverte", "transparence", "participation-citoyenne"),
        territories=("france",),
        organisations=("democratie-ouverte",),
        audiences=EVERYONE,
    ),
    PageSpec(
        "news-awards",
        "resources.NewsPage",
        "library",
        title=T(
            "Trophées de la participation et de la concertation : la 6e édition est lancée",
            "Participation and Consultation Awards: the 6th edition is open",
        ),
        slug=T(
            "trophees-participation-concertation-6e-edition",
            "participation-consultation-awards-6th-edition",
        ),
        fields={
            "summary": T(
                "Les candidatures sont ouvertes ! Décider Ensemble et La Gazette des communes "
                "lancent la 6e édition des Trophées, qui distinguent les démarches "
                "participatives innovantes.",
                "Applications are open! Décider Ensemble and La Gazette des communes are "
                "launching the 6th edition of the awards, which honour innovative "
                "participatory approaches.",
            ),
            "kind": "call",
            "publication_date": datetime.date(2021, 7, 5),
            "listing_image": ImageRef("news-awards"),
            "body": Stream(
                (
                    _p(
                        "Depuis six ans, Décider Ensemble et son partenaire La Gazette des "
                        "communes mettent en valeur des démarches participatives menées par "
                        "des associations, des collectifs citoyens, des collectivités, des "
                        "administrations ou des entreprises.",
                        "For six years, Décider Ensemble and its partner La Gazette des "
                        "communes have showcased participatory approaches led by non-profits, "
                        "citizen groups, local authorities, government bodies or businesses.",
                    ),
                    _p(
                        "Votre structure a mené une démarche originale ? C'est le moment de "
                        "la faire connaître.",
                        "Has your organisation led an original approach? Now is the time to "
                        "make it known.",
                    ),
                )
            ),
        },
        tags=("prix-et-trophees", "concertation", "participation-citoyenne"),
        territories=("france",),
        organisations=("decider-ensemble", "gazette-des-communes"),
        audiences=EVERYONE[:5],
    ),
    PageSpec(
        "news-cahiers",
        "resources.NewsPage",
        "library",
        title=T(
            "Les Cahiers de l'action n°57 : les parcours de l'accompagnement à la participation",
            "Les Cahiers de l'action no. 57: career paths in supporting participation",
        ),
        slug=T("cahiers-de-l-action-57", "cahiers-de-l-action-57-participation-careers"),
        fields={
            "summary": T(
                "Le numéro 57 des Cahiers de l'action explore la diversité des parcours et "
                "des ancrages professionnels de celles et ceux qui accompagnent la "
                "participation citoyenne.",
                "Issue 57 of Les Cahiers de l'action explores the varied careers and "
                "professional roots of the people who support citizen participation.",
            ),
            "kind": "publication",
            "publication_date": datetime.date(2021, 7, 8),
            "listing_image": ImageRef("news-cahiers"),
            "body": Stream(
                (
                    _p(
                        "On y suit des trajectoires singulières de professionnels venus de "
                        "mondes institutionnels variés (collectivités, services de l'État, "
                        "bureaux d'études, associations…) et l'on y voit apparaître de "
                        "nouveaux lieux de dialogue démocratique à l'échelle locale.",
                        "It follows the unusual paths of professionals from a range of "
                        "institutional worlds (local authorities, state services, "
                        "consultancies, non-profits…) and shows new places for democratic "
                        "dialogue emerging at local level.",
                    ),
                )
            ),
        },
        tags=("metiers-de-la-participation", "participation-citoyenne"),
        territories=("france",),
        organisations=("injep",),
        audiences=("public-servants", "associations", "civil-society"),
    ),
    PageSpec(
        "news-youth-call",
        "resources.NewsPage",
        "library",
        title=T(
            "Appel à contributions : la participation des adolescentes et adolescents",
            "Call for contributions: teenagers' participation",
        ),
        slug=T(
            "appel-contributions-participation-adolescents",
            "call-for-contributions-teenagers-participation",
        ),
        fields={
            "summary": T(
                "En août, la lettre parlera de la participation des jeunes, et surtout des "
                "adolescents. Vous connaissez un projet ou une ressource sur le sujet ? "
                "Partagez-le pour qu'il figure dans le prochain numéro.",
                "In August, the newsletter will be about young people's participation, "
                "especially teenagers'. Do you know a project or a resource on the subject? "
                "Share it so that it can appear in the next issue.",
            ),
            "kind": "call",
            "publication_date": datetime.date(2021, 7, 9),
            "listing_image": ImageRef("news-youth-call"),
            "body": Stream(
                (
                    _p(
                        "Le réseau veut mettre en avant les initiatives des utilisatrices et "
                        "des utilisateurs de la plateforme. Projets menés avec des "
                        "adolescents, guides, retours d'expérience : toute ressource liée à "
                        "la thématique est la bienvenue.",
                        "The network wants to showcase what the platform's users are doing. "
                        "Projects run with teenagers, guides, lessons learned: any resource "
                        "related to the theme is welcome.",
                    ),
                )
            ),
        },
        themes=(AUGUST_THEME,),
        tags=("jeunesse", "participation-citoyenne"),
        territories=("france",),
        audiences=EVERYONE,
    ),
    # Agenda
    PageSpec(
        "event-training",
        "events.EventPage",
        "agenda",
        title=T(
            "Formation « Concevoir votre démarche participative »",
            "Training course: “Designing your participatory process”",
        ),
        slug=T(
            "formation-concevoir-votre-demarche-participative",
            "training-designing-your-participatory-process",
        ),
        fields={
            "summary": T(
                "Une journée pour les collectivités qui veulent lancer une véritable "
                "dynamique de participation avec les acteurs locaux et les habitants.",
                "A one-day course for local authorities that want to set real participation "
                "in motion with local stakeholders and residents.",
            ),
            "publication_date": datetime.date(2021, 7, 1),
            "listing_image": ImageRef("event-training"),
            "starts_at": paris(2021, 9, 1, 9, 30),
            "ends_at": paris(2021, 9, 1, 17, 0),
            "is_online": True,
            "body": Stream(
                (
                    _p(
                        "Elle s'adresse aux élus et aux agents qui veulent passer de "
                        "l'intention à une démarche construite. Le programme détaillé est "
                        "communiqué à l'inscription.",
                        "It is meant for elected officials and public servants who want to "
                        "move from good intentions to a well-built process. The detailed "
                        "programme is sent on registration.",
                    ),
                )
            ),
        },
        tags=("formation", "participation-citoyenne"),
        audiences=("elected", "public-servants"),
    ),
    PageSpec(
        "event-european-meetings",
        "events.EventPage",
        "agenda",
        title=T(
            "Rencontres européennes de la participation 2021",
            "European Participation Meetings 2021",
        ),
        slug=T(
            "rencontres-europeennes-de-la-participation-2021",
            "european-participation-meetings-2021",
        ),
        fields={
            "summary": T(
                "Les inscriptions sont ouvertes pour cinq jours de rencontres consacrées à la "
                "participation citoyenne, organisées par Décider Ensemble.",
                "Registration is open for five days of meetings on citizen participation, "
                "organised by Décider Ensemble.",
            ),
            "publication_date": datetime.date(2021, 7, 1),
            "listing_image": ImageRef("event-european-meetings"),
            "starts_at": paris(2021, 9, 13, 9, 0),
            "ends_at": paris(2021, 9, 17, 17, 30),
            "is_online": True,
            "body": Stream(
                (
                    _p(
                        "Praticiens, élus, chercheurs et citoyens s'y retrouvent pour "
                        "partager des expériences de démocratie participative menées en "
                        "France et ailleurs en Europe.",
                        "Practitioners, elected officials, researchers and citizens meet "
                        "there to share experiences of participatory democracy from France "
                        "and elsewhere in Europe.",
                    ),
                )
            ),
        },
        tags=("concertation", "participation-citoyenne", "europe"),
        organisations=("decider-ensemble",),
        audiences=EVERYONE[:5],
    ),
)

CONTACT_EMAIL = "contact@territoires-en-commun.example"
CONTACT_ADDRESS = "Territoires en Commun\nAdresse de démonstration\n1 rue de l'Exemple\n75000 Paris"
ADMIN_USERNAME = "admin"
ADMIN_EMAIL = "admin@territoires-en-commun.example"
