"""A test case with the bilingual page tree built once per class, and admin form helpers."""

import shutil
import tempfile

from django.core.cache import cache
from django.http import Http404
from django.test import override_settings
from django.urls import resolve, reverse
from django.utils import translation
from django.utils.html import escape
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import querydict_from_html
from wagtail_localize.models import Translation

from tests.factories import build_bilingual_tree


def stream_form_data(block, value, prefix):
    """The admin's POST data for a block value (the editor builds it in JavaScript, so it is not
    in the edit page's HTML)."""
    data = {}
    if isinstance(block, blocks.StreamBlock):
        data[f"{prefix}-count"] = str(len(value))
        for index, child in enumerate(value):
            data[f"{prefix}-{index}-type"] = child.block_type
            data[f"{prefix}-{index}-deleted"] = ""
            data[f"{prefix}-{index}-order"] = str(index)
            data[f"{prefix}-{index}-id"] = child.id or ""
            data.update(stream_form_data(child.block, child.value, f"{prefix}-{index}-value"))
    elif isinstance(block, blocks.ListBlock):
        items = list(value.bound_blocks) if hasattr(value, "bound_blocks") else list(value)
        data[f"{prefix}-count"] = str(len(items))
        for index, item in enumerate(items):
            item_value = getattr(item, "value", item)
            data[f"{prefix}-{index}-deleted"] = ""
            data[f"{prefix}-{index}-order"] = str(index)
            data[f"{prefix}-{index}-id"] = getattr(item, "id", "") or ""
            data.update(stream_form_data(block.child_block, item_value, f"{prefix}-{index}-value"))
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            data.update(stream_form_data(child_block, value.get(name), f"{prefix}-{name}"))
    else:
        widget = block.field.widget
        shown = block.value_for_form(value) if value is not None else ""
        data[prefix] = widget.format_value(shown) or ""
    return data


class BilingualTreeTestCase(WagtailPageTestCase):
    """French home (the default site's root) with its English translation, the library, theme and
    event indexes in both languages; subclasses add their pages in ``setUpTestData``.

    Images made in ``setUpTestData`` must outlive each test, so the class keeps one media folder
    for all its tests (the conftest's per-test folder is overridden back to it in ``setUp``).
    """

    @classmethod
    def setUpClass(cls):
        cls.media_root = tempfile.mkdtemp(prefix="tec-test-media-")
        cls.addClassCleanup(shutil.rmtree, cls.media_root, ignore_errors=True)
        cls.enterClassContext(override_settings(MEDIA_ROOT=cls.media_root))
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        cls.tree = build_bilingual_tree()

    def setUp(self):
        super().setUp()
        self.enterContext(override_settings(MEDIA_ROOT=self.media_root))
        # Wagtail keeps site root paths and renditions in the cache, which outlives a test.
        cache.clear()
        self.addCleanup(cache.clear)

    # --- Admin helpers --------------------------------------------------------------------

    @property
    def superuser(self):
        if not hasattr(self, "_superuser"):
            self._superuser = self.create_superuser("editor", password="not-used")  # noqa: S106
        return self._superuser

    def edit_form_data(self, page):
        """What the page's edit form posts: its HTML fields plus the StreamField data."""
        self.client.force_login(self.superuser)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        data = querydict_from_html(html, form_id="page-edit-form")
        # A browser posts "on" for a ticked checkbox without a value; Wagtail's helper posts "",
        # which Django reads as unticked.
        form = self.get_soup(html).find("form", id="page-edit-form")
        for box in form.find_all("input", type="checkbox", checked=True):
            if "value" not in box.attrs:
                data[box["name"]] = "on"
        specific = page.specific
        form_fields = response.context["form"].fields
        for field in specific._meta.get_fields():
            if isinstance(field, StreamField) and field.name in form_fields:
                value = getattr(specific, field.name)
                for key, item in stream_form_data(field.stream_block, value, field.name).items():
                    data[key] = item
        return data

    def assertPageSavesFromAdmin(self, page):
        """The edit form, posted back with a new title and published, saves without errors."""
        data = self.edit_form_data(page)
        data["title"] = f"{page.title} (revu)"
        data["action-publish"] = "action-publish"
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
        if response.status_code != 302:
            form = response.context and response.context.get("form")
            self.fail(f"{page!r} was not saved: {form.errors if form else response.status_code}")
        saved = type(page).objects.get(pk=page.pk)
        self.assertEqual(saved.title, data["title"])
        self.assertTrue(saved.live)
        # The round trip through the form keeps what the editor did not touch.
        for name in ("slug", "show_in_menus", "locale_id", "url_path"):
            self.assertEqual(getattr(saved, name), getattr(page, name), name)
        page.refresh_from_db()
        self.client.logout()

    def assertPageWorksInAdmin(self, page):
        """Editable and previewable; an English page made by wagtail-localize opens in the
        translation editor and previews from there, and once its synced translation is stopped,
        it edits and previews like any other page."""
        translation = Translation.objects.filter(
            source__object_id=page.translation_key, target_locale=page.locale, enabled=True
        ).first()
        if translation is not None:
            self.client.force_login(self.superuser)
            response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
            self.assertEqual(response.status_code, 200)
            self.assertTemplateUsed(response, "wagtail_localize/admin/edit_translation.html")
            preview = self.client.get(
                reverse("wagtail_localize:preview_translation", args=[translation.pk])
            )
            self.assertContains(preview, escape(page.title))
            self.client.logout()
            translation.enabled = False
            translation.save(update_fields=["enabled"])
        data = self.edit_form_data(page)
        self.client.logout()
        self.assertPageIsEditable(page, post_data=data.copy())
        self.assertPageIsPreviewable(page, post_data=data.copy())
        self.assertPageSavesFromAdmin(page)

    def assertPageIsRoutable(self, page, route_path="/", msg=None):
        """Wagtail's check routes the whole URL from the site root, language prefix included
        (``/fr/...``), so it cannot pass with ``i18n_patterns``: resolve the URL as Django does
        in the page's language, then route the rest from the site root, and check the route
        leads to this very page."""
        path = page.get_url(self.dummy_request)
        if route_path != "/":
            path = path.rstrip("/") + "/" + route_path.lstrip("/")
        site = page.get_site()
        if site is None:
            self.fail(msg or f"{page!r} belongs to no site.")
        with translation.override(page.locale.language_code):
            match = resolve(path)
            self.assertEqual(match.url_name, "wagtail_serve", msg)
            components = [part for part in match.args[0].split("/") if part]
            try:
                routed = site.root_page.localized.specific.route(self.dummy_request, components)
            except Http404 as error:
                self.fail(msg or f"No route to {path} for {type(page).__name__} {page}: {error}")
        self.assertEqual(routed.page.pk, page.pk, msg)

    def assertPageIsServed(self, page, route_path="/", query_data=None, expect=None):
        """Routable and renderable in its language; the response shows ``expect`` (the title by
        default) and declares the page's language."""
        self.assertPageIsRoutable(page, route_path)
        self.assertPageIsRenderable(page, route_path, query_data=query_data)
        url = page.get_url()
        if route_path != "/":
            url = url.rstrip("/") + "/" + route_path.lstrip("/")
        response = self.client.get(url, query_data)
        self.assertContains(response, escape(expect or page.title))
        self.assertContains(response, f'<html lang="{page.locale.language_code}"')
        return response
