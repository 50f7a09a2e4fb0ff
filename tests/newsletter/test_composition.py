"""The July 2021 issue: composition, web page, email versions, references from library pages."""

import re

import pytest
from django.utils import translation
from django.utils.html import escape

from home.demo.newsletter import french
from newsletter.models import NewsletterPage, NewsletterReference
from newsletter.rendering import compose, render_email


def test_items_without_overrides_show_their_current_data(seed, issue):
    project = seed["voisins"]
    project.title = "Voisins Voisines, nouveau titre"
    project.summary = "Un résumé mis à jour."
    project.save_revision().publish()
    sections = compose(NewsletterPage.objects.get(pk=issue.pk))
    projects = [s for s in sections if s["type"] == "items_section"][1]["items"]
    assert projects[0]["title"] == "Voisins Voisines, nouveau titre"
    assert projects[0]["blurb"] == "Un résumé mis à jour."
    assert projects[0]["button_label"] == french("read_project")


def test_english_issue_shows_english_items_and_falls_back_to_french(seed, issue):
    english = issue.get_translation(seed["home_en"].locale)
    assert english.live
    rendered = render_email(english)
    assert "Health democracy and citizen participation" in rendered.html  # translated item
    assert "Voisins Voisines" in rendered.html  # not translated: the French item
    assert rendered.language == "en"
    assert 'lang="en"' in rendered.html


def test_email_html_is_small_table_based_inlined_with_alt_and_absolute_links(issue):
    rendered = render_email(issue)
    html = rendered.html
    assert len(html.encode()) < 60 * 1024
    assert 'width="600"' in html and "<table" in html
    assert 'style="' in html  # CSS inlined
    images = re.findall(r"<img [^>]*>", html)
    assert images and all(re.search(r'alt="[^"]+"', tag) for tag in images)
    links = re.findall(r'href="([^"]+)"', html)
    assert links and all(link.startswith(("http://", "https://", "mailto:")) for link in links)
    assert issue.preheader in html
    assert "Creative Commons" in html


def test_text_part_is_readable_on_its_own(issue):
    text = render_email(issue).text
    assert "<" not in text.replace("<<", "")
    assert "Démocratie sanitaire et participation des citoyens" in text
    assert f"{french('read_dossier')}: http://testserver/fr/newsletter/c/" in text
    assert "2 électeurs sur 3" in text
    assert "Rencontres Européennes de la Participation" in text


def test_web_version_is_the_page(client, seed, issue):
    response = client.get(issue.url)
    assert response.status_code == 200
    content = response.content.decode()
    assert escape(french("projects_heading")) in content
    assert f'href="{seed["voisins"].url}"' in content  # direct links on the web, no tracking


def test_archive_lists_issues_newest_first_with_a_signup_form(client, issue):
    response = client.get(issue.get_parent().url)
    assert response.status_code == 200
    body = response.content.decode()
    assert issue.title in body
    assert 'name="consent"' in body and "checked" not in body.split('name="consent"')[1][:40]


@pytest.mark.parametrize("mode", ["", "email", "text"])
def test_admin_preview_modes(issue, mode):
    preview = issue.make_preview_request(preview_mode=mode)
    assert preview.status_code == 200
    if mode == "text":
        assert preview["Content-Type"].startswith("text/plain")
    elif mode == "email":
        assert b'width="600"' in preview.content


def test_library_page_lists_the_issues_citing_it(client, seed, issue):
    assert NewsletterReference.objects.filter(newsletter=issue).count() == 11
    with translation.override("fr"):
        response = client.get(seed["voisins"].url)
    assert response.status_code == 200
    mentions = response.content.decode().split('class="newsletter-mentions"')[1]
    assert f'href="{issue.url}"' in mentions


def test_references_follow_republishing(seed, issue):
    issue.body = [b for b in issue.body.raw_data if b["type"] != "featured_item"]
    issue.save_revision().publish()
    keys = set(
        NewsletterReference.objects.filter(newsletter=issue).values_list("item_key", flat=True)
    )
    assert seed["featured"].translation_key not in keys
    assert seed["voisins"].translation_key in keys


@pytest.mark.parametrize("restriction", ["password", "login"])
def test_items_made_private_after_publication_leave_every_version(client, seed, issue, restriction):
    from wagtail.models import PageViewRestriction

    project = seed["voisins"]
    slug = project.url
    before = render_email(NewsletterPage.objects.get(pk=issue.pk))
    assert "Voisins Voisines" in before.text and "Voisins Voisines" in before.html
    assert slug in client.get(issue.url).content.decode()
    PageViewRestriction.objects.create(page=project, restriction_type=restriction, password="x")
    fresh = NewsletterPage.objects.get(pk=issue.pk)
    rendered = render_email(fresh)
    assert "Voisins Voisines" not in rendered.text
    assert "Voisins Voisines" not in rendered.html
    assert project.get_full_url() not in rendered.html
    web = client.get(issue.url).content.decode()
    assert slug not in web and "Voisins Voisines" not in web
