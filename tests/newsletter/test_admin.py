"""The newsletter's admin: send form, progress and clicks, test send, import, export, GDPR."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from newsletter import sending
from newsletter.models import Campaign, Click, Consent, Subscriber


@pytest.fixture(autouse=True)
def _admin_in_english(admin_user):
    """The admin speaks the editor's chosen language: English here (the catalogue is French)."""
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()


def confirmed(email, language="fr"):
    return Subscriber.objects.create(email=email, language=language, status="confirmed")


def test_send_form_counts_then_schedules(admin_client, seed, issue):
    confirmed("a@example.org")
    confirmed("b@example.org", "en")
    url = reverse("newsletter_send", args=[issue.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    counted = admin_client.post(url, {"languages": ["fr", "en"], "count": "1"})
    assert b"2 readers will receive it" in counted.content
    assert not Campaign.objects.exists()
    sent = admin_client.post(url, {"languages": ["fr"], "confirm": "1"})
    campaign = Campaign.objects.get()
    assert sent.status_code == 302 and campaign.languages == ["fr"]
    progress = admin_client.get(reverse("newsletter_campaign", args=[campaign.pk]))
    assert progress.status_code == 200


def test_send_form_refuses_a_theme_that_cannot_exist(admin_client, seed, issue):
    url = reverse("newsletter_send", args=[issue.pk])
    for value in (str(2**63), "abc", "-1"):
        answer = admin_client.post(url, {"languages": ["fr"], "themes": [value], "count": "1"})
        assert answer.status_code == 200 and "themes" in answer.context["form"].errors
        assert answer.context["count"] is None
    assert not Campaign.objects.exists()


def test_send_form_warns_about_missing_translation(admin_client, seed, issue):
    issue.get_translation(seed["home_en"].locale).unpublish()
    page = admin_client.get(reverse("newsletter_send", args=[issue.pk]))
    assert b"will receive the French version" in page.content


def test_campaign_page_shows_progress_and_clicks(admin_client, smtp, seed, issue):
    confirmed("a@example.org")
    campaign = sending.schedule(issue, languages=["fr"])
    sending.run(until_idle=True, poll=0)
    Click.objects.create(newsletter=issue, item=seed["voisins"], count=7)
    page = admin_client.get(reverse("newsletter_campaign", args=[campaign.pk])).content.decode()
    assert "Voisins Voisines" in page and ">7<" in page
    assert ">1<" in page  # one sent


def test_send_a_test_to_me(admin_client, admin_user, smtp, issue):
    admin_user.email = "editor@example.org"
    admin_user.save()
    response = admin_client.post(reverse("newsletter_test", args=[issue.pk]))
    assert response.status_code == 302
    assert len(smtp.to("editor@example.org")) == 1


def test_send_buttons_in_page_listing_and_header(admin_client, issue):
    listing = admin_client.get(reverse("wagtailadmin_explore", args=[issue.get_parent().pk]))
    assert reverse("newsletter_send", args=[issue.pk]).encode() in listing.content


def test_import_csv_with_consent_source(admin_client, db):
    Subscriber.objects.create(email="known@example.org")
    data = "email,language\nnew@example.org,en\nKNOWN@example.org,fr\nnot-an-email,fr\n"
    response = admin_client.post(
        reverse("newsletter_import"),
        {
            "file": SimpleUploadedFile("s.csv", data.encode()),
            "source": "salon 2024",
            "confirmed": "on",
        },
    )
    assert response.status_code == 200
    assert b"1 added, 1 already known" in response.content
    person = Subscriber.objects.get(email="new@example.org")
    assert (person.language, person.status) == ("en", "confirmed")
    assert Consent.objects.get(subscriber=person).source == "import:salon 2024"


def test_subscribers_listing_filters_and_csv_export(admin_client, db):
    confirmed("a@example.org")
    Subscriber.objects.create(email="p@example.org")
    index = reverse("wagtailsnippets_newsletter_subscriber:list")
    page = admin_client.get(index, {"status": "confirmed"})
    assert b"a@example.org" in page.content and b"p@example.org" not in page.content
    export = admin_client.get(index, {"export": "csv"})
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert b"a@example.org" in body and b"p@example.org" in body


def test_gdpr_export_then_erase(admin_client, db):
    person = confirmed("a@example.org")
    Consent.objects.create(subscriber=person, source="form:home", wording_version="v1")
    url = reverse("newsletter_personal_data", args=[person.pk])
    assert b"Erase" in admin_client.get(url).content
    listing = admin_client.get(reverse("wagtailsnippets_newsletter_subscriber:list"))
    assert url.encode() in listing.content
    data = json.loads(admin_client.get(url, {"format": "json"}).content)
    assert data["email"] == "a@example.org" and data["consents"][0]["source"] == "form:home"
    assert admin_client.post(url).status_code == 302
    assert not Subscriber.objects.exists() and not Consent.objects.exists()


def test_send_is_in_the_issue_editor_action_menu(admin_client, seed, issue):
    menu_item = f'<a class="button" href="{reverse("newsletter_send", args=[issue.pk])}">'
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[issue.pk]))
    assert edit.status_code == 200
    assert menu_item in edit.content.decode()
    # not on other pages, nor on an issue that is not live
    other = admin_client.get(reverse("wagtailadmin_pages:edit", args=[seed["voisins"].pk]))
    assert "newsletter/issue/" not in other.content.decode()
    issue.unpublish()
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[issue.pk]))
    assert menu_item not in edit.content.decode()
