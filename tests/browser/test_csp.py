"""The Content-Security-Policy holds on the public site and in the Wagtail admin.

A real Chromium loads public pages in French and English and works in the admin (sign in, page
explorer, page editor, tabs, draft saved; editor's picks added, saved and edited) while every
``securitypolicyviolation`` event and every console message about the policy is recorded: there
must be none, and the admin's JavaScript must have run.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Collection, Locale, Page

from resources.models import ProjectPage
from tests.browser.test_accessibility import (  # noqa: F401 (chromium is a fixture)
    LANGUAGES,
    chromium,
    load_content,
    pages_to_check,
)

pytestmark = pytest.mark.browser

PASSWORD = "une phrase de passe assez longue"
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


class Recorder:
    """CSP violations seen by a browser tab, from its events and its console."""

    def __init__(self, tab):
        self.tab = tab
        self.problems = []
        tab.add_init_script(RECORD_VIOLATIONS)
        tab.on("console", self.console)
        tab.on("pageerror", lambda error: self.problems.append(f"{tab.url}: JS error {error}"))

    def console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.problems.append(f"{self.tab.url}: console: {message.text}")

    def check(self, where):
        for violation in self.tab.evaluate("window.cspViolations || []"):
            self.problems.append(f"{where}: {violation}")
        self.tab.evaluate("window.cspViolations = []")


def goto(tab, url, where, problems, status=200):
    response = tab.goto(url)
    if response is None or response.status != status:
        problems.append(f"{where}: HTTP {response and response.status}, expected {status}")
    if "default-src 'self'" not in (response.headers.get("content-security-policy") or ""):
        problems.append(f"{where}: no Content-Security-Policy header")
    tab.wait_for_load_state("networkidle")


def restore_wagtail_roots():
    """What Wagtail's migrations create and load_demo builds on, which an earlier
    transactional test of the session may have flushed."""
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def test_public_pages_and_admin_work_under_the_policy(live_server, transactional_db, request):
    restore_wagtail_roots()
    load_content()
    pages = [(language, *page) for language in LANGUAGES for page in pages_to_check(language)]
    get_user_model().objects.create_superuser("redaction", "redaction@example.org", PASSWORD)
    project = ProjectPage.objects.live().filter(locale__language_code="fr").first()
    explorer_parent = project.get_parent().pk
    english = project.get_translation(Locale.objects.get(language_code="en"))
    # Playwright's sync API runs an event loop in this thread: no ORM call from here on.
    browser = request.getfixturevalue("chromium")
    context = browser.new_context()
    tab = context.new_page()
    recorder = Recorder(tab)
    problems = recorder.problems

    for language, label, path, status in pages:
        where = f"[{language}] {label} {path}"
        goto(tab, live_server.url + path, where, problems, status)
        recorder.check(where)

    sign_in(tab, live_server, recorder)
    # The sidebar is drawn by the admin's JavaScript.
    tab.wait_for_selector("[data-wagtail-sidebar] nav, .sidebar nav", timeout=10_000)

    goto(tab, f"{live_server.url}/admin/pages/{explorer_parent}/", "page explorer", problems)
    if tab.locator(f'a[href="/admin/pages/{project.pk}/edit/"]').count() == 0:
        problems.append("page explorer: the project is not listed")
    recorder.check("page explorer")

    edit_url = f"{live_server.url}/admin/pages/{project.pk}/edit/"
    goto(tab, edit_url, "page editor", problems)
    tabs = tab.locator('[role="tablist"] [role="tab"]')
    if tabs.count() < 2:
        problems.append(f"page editor: {tabs.count()} tabs")
    else:
        second = tabs.nth(1)
        second.click()
        # The tabs controller switches the panel only if the admin's scripts ran.
        tab.wait_for_function(
            "tab => tab.getAttribute('aria-selected') === 'true'", arg=second.element_handle()
        )
        panel = second.get_attribute("aria-controls")
        if not tab.locator(f"#{panel}").is_visible():
            problems.append("page editor: the second tab's panel did not show")
    recorder.check("page editor")

    tabs.nth(0).click()
    # The image chooser's script carries the nonce: its modal opens.
    chooser = tab.locator("#id_listing_image-chooser")
    if not chooser.locator(".unchosen [data-chooser-action-choose]").is_visible():
        chooser.locator(".chosen button[aria-label]").first.click()  # the Actions menu
    tab.locator("[data-chooser-action-choose]:visible").first.click()
    tab.wait_for_selector(".modal .modal-content form", timeout=15_000)
    tab.keyboard.press("Escape")
    tab.wait_for_selector(".modal", state="hidden")
    recorder.check("image chooser")
    tab.locator("[name=title]").first.fill(project.title + " (brouillon)")
    tab.locator('footer button[type="submit"]').first.click()
    tab.wait_for_load_state("networkidle")
    if tab.locator(".messages .success, .messages [class*=success]").count() == 0:
        problems.append(f"page editor: no confirmation after saving a draft ({tab.url})")
    recorder.check("draft saved")
    # The English page is edited in wagtail-localize's translation editor.
    goto(tab, f"{live_server.url}/admin/pages/{english.pk}/edit/", "translation editor", problems)
    tab.wait_for_selector(".js-translation-editor *", timeout=15_000)
    recorder.check("translation editor")
    context.close()
    assert not problems, "\n".join(problems)


def sign_in(tab, live_server, recorder):
    goto(tab, f"{live_server.url}/admin/login/", "admin login", recorder.problems)
    tab.fill("input[name=username]", "redaction")
    tab.fill("input[name=password]", PASSWORD)
    tab.click("form.login-form button[type=submit]")
    tab.wait_for_url(f"{live_server.url}/admin/")
    tab.wait_for_load_state("networkidle")
    recorder.check("admin dashboard")


def stored_picks(query_string):
    """The picks saved for a query, read in a thread of its own (Playwright's event loop runs
    in the test's thread, where Django refuses ORM calls)."""

    def read():
        picks = SearchPromotion.objects.filter(query__query_string=query_string)
        return list(picks.values_list("external_link_url", "external_link_text"))

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(read).result()


def test_editors_picks_work_under_the_policy(live_server, transactional_db, request):
    restore_wagtail_roots()
    get_user_model().objects.create_superuser("redaction", "redaction@example.org", PASSWORD)
    browser = request.getfixturevalue("chromium")
    context = browser.new_context()
    tab = context.new_page()
    recorder = Recorder(tab)
    problems = recorder.problems
    sign_in(tab, live_server, recorder)

    goto(tab, f"{live_server.url}/admin/searchpicks/add/", "editor's picks", problems)
    recorder.check("editor's picks")
    assert not problems, "\n".join(problems)
    # The query chooser's modal opens only if the page's inline script ran.
    tab.click("#id_query_string-chooser")
    tab.wait_for_selector(".modal .modal-content", timeout=10_000)
    tab.locator(".modal button.close").first.click()
    tab.wait_for_selector(".modal", state="hidden")
    recorder.check("popular search terms chooser")
    # So does the formset's button that adds a recommended result.
    tab.click("#id_editors_picks-ADD")
    tab.wait_for_selector("#inline_child_editors_picks-0", timeout=5_000)
    recorder.check("recommended result added")

    tab.fill("#id_query_string", "budget participatif")
    tab.fill("#id_editors_picks-0-external_link_url", "https://example.org/budget")
    tab.fill("#id_editors_picks-0-external_link_text", "Guide du budget participatif")
    tab.locator('main form [type="submit"]').first.click()
    tab.wait_for_load_state("networkidle")
    if tab.locator(".messages .success, .messages [class*=success]").count() == 0:
        problems.append(f"editor's picks: no confirmation after saving ({tab.url})")
    recorder.check("editor's picks saved")
    # The edit view has the same script: the saved pick is there and another can be added.
    tab.locator("main a", has_text="budget participatif").first.click()
    tab.wait_for_url("**/admin/searchpicks/*/")
    tab.wait_for_load_state("networkidle")
    tab.click("#id_editors_picks-ADD")
    tab.wait_for_selector("#inline_child_editors_picks-1", timeout=5_000)
    recorder.check("editor's picks edit view")
    context.close()
    assert not problems, "\n".join(problems)
    assert stored_picks("budget participatif") == [
        ("https://example.org/budget", "Guide du budget participatif")
    ]
