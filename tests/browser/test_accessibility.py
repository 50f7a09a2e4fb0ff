"""Every public page type passes axe-core in a real Chromium, in French and English.

The site runs on pytest-django's live server with the demo content (``load_demo``), which has
every public page type in both languages. axe-core comes from the npm
registry (``services/browser``, installed by ``scripts/chromium install``) and runs with its
default rules (WCAG 2.x A/AA and best practices) at a desktop and a phone width. The test fails —
never skips — when Chromium or axe-core is missing.
"""

import io
import json
import shutil
import uuid

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import Locale

from events.models import EventIndexPage, EventPage
from home.models import HomePage
from newsletter.models import NewsletterIndexPage, NewsletterPage, Subscriber
from newsletter.tokens import make_preferences_token
from resources.models import (
    ConceptPage,
    DossierPage,
    LibraryIndexPage,
    LibraryTag,
    NewsPage,
    ProjectPage,
    ThemePage,
)

pytestmark = pytest.mark.browser

AXE_JS = settings.BASE_DIR / "services" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-quic",
    "--disable-sync",
]
LANGUAGES = ["fr", "en"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def load_content():
    call_command("load_demo", verbosity=0, stdout=io.StringIO())


def pages_to_check(language):
    """(label, path, expected status) of one page of every public type in ``language``."""
    locale = Locale.objects.get(language_code=language)
    found, missing = [], []

    def add(label, model, **filters):
        page = model.objects.live().public().filter(locale=locale, **filters).first()
        if page is None:
            missing.append(label)
        else:
            found.append((label, page.url, 200))
        return page

    add("home", HomePage)
    library = add("library index", LibraryIndexPage)
    add("theme", ThemePage)
    project = add("project", ProjectPage)
    add("dossier", DossierPage)
    add("concept", ConceptPage)
    add("news item", NewsPage)
    add("events index", EventIndexPage)
    add("event", EventPage)
    tag = (
        LibraryTag.objects.filter(
            tagged_items__content_object__locale=locale,
            tagged_items__content_object__live=True,
        )
        .order_by("name")
        .first()
    )
    if library and tag:
        tag_path = library.url + library.reverse_subpage("tag", args=[tag.slug])
        found.append(("tag page", tag_path, 200))
    else:
        missing.append("tag page")
    with translation.override(language):
        search = reverse("search")
    if project:
        word = max(project.title.split(), key=len).strip("«»“”\"'’:,.")
        found.append(("search results", f"{search}?q={word}", 200))
    else:
        missing.append("search results")
    add("newsletter archive", NewsletterIndexPage)
    add("newsletter issue", NewsletterPage)
    reader = Subscriber.objects.create(
        email=f"lecteur-{language}@example.org",
        language=language,
        status=Subscriber.Status.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    token = make_preferences_token(reader.pk)
    with translation.override(language):
        found.append(("preferences", reverse("newsletter:preferences", args=[token]), 200))
        found.append(
            ("unsubscribe confirmation", reverse("newsletter:unsubscribe", args=[token]), 200)
        )
    found.append(("not found", f"/{language}/{uuid.uuid4().hex}/", 404))
    assert not missing, f"the content has no live {', '.join(missing)} in {language!r}"
    return found


def describe(violations):
    lines = []
    for where, violation in violations:
        lines.append(f"{where}: {violation['id']} ({violation['impact']}) {violation['help']}")
        for node in violation["nodes"][:6]:
            lines.append(f"    {json.dumps(node['target'])} {node.get('failureSummary', '')!r}")
    return "\n".join(lines)


@pytest.fixture
def chromium():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed: run scripts/chromium install")
    if not AXE_JS.is_file():
        pytest.fail(f"axe-core is missing ({AXE_JS}): run scripts/chromium install")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_public_pages_have_no_axe_violations(live_server, transactional_db, request):
    load_content()
    pages = [(language, *page) for language in LANGUAGES for page in pages_to_check(language)]
    # Playwright's sync API runs an event loop in this thread: no ORM call from here on.
    browser = request.getfixturevalue("chromium")
    problems, violations, checked = [], [], []
    for viewport_name, viewport in VIEWPORTS.items():
        # axe-core is injected as an inline script, which the site's policy forbids.
        context = browser.new_context(viewport=viewport, bypass_csp=True)
        tab = context.new_page()
        for language, label, path, status in pages:
            where = f"[{language} {viewport_name}] {label} {path}"
            response = tab.goto(live_server.url + path)
            if response is None or response.status != status:
                problems.append(f"{where}: HTTP {response and response.status}, expected {status}")
                continue
            if tab.evaluate("document.documentElement.lang") != language:
                problems.append(f"{where}: <html lang> is not {language!r}")
            if label == "search results" and tab.locator("main article").count() == 0:
                problems.append(f"{where}: no search result shown")
            tab.add_script_tag(path=str(AXE_JS))
            result = tab.evaluate("async () => await axe.run(document)")
            violations += [(where, violation) for violation in result["violations"]]
            checked.append(f"{where}: {len(result['passes'])} rules passed")
        context.close()
    print("\n".join(checked))
    assert not problems, "\n".join(problems)
    assert not violations, "axe-core violations:\n" + describe(violations)
