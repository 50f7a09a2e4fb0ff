"""Each library type shows itself in the email: events their date and place, resources their
kind and a download link, concepts their definition; other types the generic card."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from newsletter.models import NewsletterPage
from newsletter.rendering import email_card_templates, render_email


def with_items_section(issue, pages, heading="Cartes"):
    """The issue with one more section listing ``pages`` (not saved)."""
    block = issue.body.stream_block.child_blocks["items_section"]
    value = block.to_python(
        {
            "heading": heading,
            "intro": "",
            "items": [{"page": p.pk, "title": "", "blurb": "", "button_label": ""} for p in pages],
        }
    )
    issue.body.append(("items_section", value))
    return issue


def test_each_type_has_its_card_or_the_generic_one(seed):
    generic = ("resources/cards/email/librarypage.html", "resources/cards/email/librarypage.txt")
    assert email_card_templates(seed["voisins"]) == generic  # projects: no card of their own
    assert email_card_templates(seed["featured"])[0] == "resources/cards/email/dossierpage.html"
    assert email_card_templates(seed["concept"])[1] == "resources/cards/email/conceptpage.txt"
    assert email_card_templates(seed["rep"])[0] == "events/cards/email/eventpage.html"


def test_event_card_shows_date_and_place(seed, issue):
    event = seed["rep"]
    event.starts_at = timezone.make_aware(datetime.datetime(2031, 9, 18, 14, 30))
    event.venue_name = "Palais des congrès"
    event.save_revision().publish()
    rendered = render_email(NewsletterPage.objects.get(pk=issue.pk))
    assert "18 septembre 2031, 14:30 · Palais des congrès, Amiens" in rendered.html
    assert "  18 septembre 2031, 14:30 · Palais des congrès, Amiens\n" in rendered.text
    assert "· En ligne" in rendered.html  # the online training


def test_event_over_several_days_shows_both_dates(seed, issue):
    event = seed["rep"]
    event.starts_at = timezone.make_aware(datetime.datetime(2031, 9, 18, 9, 0))
    event.ends_at = timezone.make_aware(datetime.datetime(2031, 9, 20, 17, 0))
    event.save_revision().publish()
    text = render_email(NewsletterPage.objects.get(pk=issue.pk)).text
    assert "18 septembre au 20 septembre 2031 · Amiens" in text


def test_resource_card_shows_its_kind_and_a_download_link(seed, issue):
    document = get_document_model().objects.create(title="Guide")
    document.file.save("guide-sante.pdf", ContentFile(b"%PDF-1.4 " + b"x" * 3000))
    document.save()
    dossier = seed["featured"]
    dossier.kind = "guide"
    dossier.document = document
    dossier.save_revision().publish()
    rendered = render_email(NewsletterPage.objects.get(pk=issue.pk))
    url = f"http://testserver{document.url}"
    assert f'<a href="{url}"' in rendered.html
    assert "Télécharger le document (PDF, 2,9&nbsp;Kio)" in rendered.html
    assert f"Télécharger le document (PDF, 2,9\xa0Kio): {url}" in rendered.text
    assert ">Guide</p>" in rendered.html  # its kind, above the title
    # resources without a file offer no download
    assert rendered.html.count("Télécharger le document") == 1


def test_concept_card_shows_its_definition(seed, issue):
    seed["concept"].summary = "Un résumé qui ne doit pas paraître."
    seed["concept"].save_revision().publish()
    issue = with_items_section(NewsletterPage.objects.get(pk=issue.pk), [seed["concept"]])
    rendered = render_email(issue)
    card = rendered.text.split("== Cartes ==", 1)[1]
    assert "Transparence, participation, collaboration." in card.strip().split("\n\n")[1]
    assert "Un résumé qui ne doit pas paraître." not in rendered.text
    assert "Découvrez le concept: http://testserver/fr/newsletter/c/" in card


def test_cards_keep_the_issue_small_and_the_text_readable(issue):
    rendered = render_email(issue)
    assert len(rendered.html.encode()) < 60 * 1024
    assert "<" not in rendered.text.replace("<<", "")
    assert all(len(line) <= 200 for line in rendered.text.splitlines())
    # rich text paragraphs stay apart in the text part
    assert "représentants.Découvrez" not in rendered.text
