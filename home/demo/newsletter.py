"""Demo content: the newsletter archive and the July 2021 issue, laid out as the original email.

``load_demo_newsletter(stdout)`` is idempotent: it finds the demo library items by slug or title
under the library and agenda, builds (or rebuilds) the French issue, and its English translation
through wagtail-localize. Items the demo does not have are left out with a note. The issue's
texts, in both languages, and how its items are found are in ``content/newsletter.toml``; the
layout, which depends on the items found, is code.
"""

import re

from django.apps import apps
from django.db.models import Q
from wagtail.models import Locale

from home.demo import content
from home.models import HomePage
from newsletter.models import NewsletterIndexPage, NewsletterPage

NEWSLETTER = content.read(content.DIRECTORY / "newsletter.toml")
ISSUE = NEWSLETTER["issue"]
LINKS = NEWSLETTER["links"]
# Each text of the issue: (French, English).
T = {key: (text["fr"], text["en"]) for key, text in NEWSLETTER["texts"].items()}


def french(key):
    return T[key][0]


def _segments(french_text, english_text):
    """wagtail-localize translates rich text paragraph by paragraph: pair them up."""
    if not french_text.startswith("<p>"):
        return [(french_text, english_text)]
    paragraphs = re.compile(r"<p>(.*?)</p>")
    return list(zip(paragraphs.findall(french_text), paragraphs.findall(english_text), strict=True))


ENGLISH = {fr: en for pair in T.values() for fr, en in _segments(*pair)}


def _find(item, locale):
    """The demo's page described by ``item`` (see newsletter.toml): by slug, else by title."""
    queryset = apps.get_model(item["model"]).objects.filter(locale=locale)
    found = queryset.filter(slug__in=item["slugs"]).first()
    if found is None:
        query = Q()
        for fragment in item["titles"]:
            query |= Q(title__icontains=fragment)
        found = queryset.filter(query).order_by("pk").first()
    return found


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
                    "" if contribution_form else LINKS["contribution"],
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
                "call_to_action": _cta(french("vote_button"), LINKS["anct"]),
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
                    url="" if white_paper else LINKS["observatory"],
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
    for key, item in NEWSLETTER["items"].items():
        items[key] = _find(item, fr)
        if items[key] is None:
            say(f"newsletter demo: no demo item for “{key}”, left out")
    theme, next_theme = (_find(NEWSLETTER["themes"][key], fr) for key in ("current", "next"))
    number = ISSUE["number"]
    issue = NewsletterPage.objects.child_of(index).filter(issue_number=number).first()
    if issue is not None:
        # Never overwrite an issue that exists: an editor may have changed it.
        say(f"newsletter demo: issue no. {number} exists, left as it is")
        if not issue.has_translation(Locale.objects.filter(language_code="en").first()):
            translate_demo(index, issue, say)
        return issue
    fields = {
        "title": ISSUE["title"]["fr"],
        "month": ISSUE["month"],
        "theme": theme,
        "preheader": french("preheader"),
        "intro": french("intro"),
        "body": issue_body(items, next_theme),
    }
    issue = NewsletterPage(issue_number=number, slug=ISSUE["slug"], locale=fr, **fields)
    index.add_child(instance=issue)
    issue.save_revision().publish()
    say(f"newsletter demo: issue no. {number} with {len(issue.body)} sections")
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
    english = {**ENGLISH, index.title: T["archive_title"][1], issue.title: ISSUE["title"]["en"]}
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
