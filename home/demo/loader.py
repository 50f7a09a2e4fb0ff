"""Load the demo content into the database, French first, English through wagtail-localize.

What the loader creates carries a ``translation_key`` derived from a fixed namespace and the
object's key in the content files (``home/demo/content/*.toml``); that is how a rerun recognises
its own work. It never edits or deletes anything else, with one exception: Wagtail's untouched
"Welcome" page, which the French home replaces as the default site's root.
"""

import hashlib
import io
import secrets
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.images import ImageFile
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models.signals import post_save
from modelsearch import index as search_index
from modelsearch.signal_handlers import post_save_signal_handler
from modelsearch.tasks import insert_or_update_object_task
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.tasks import update_reference_index_task
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.segments import StringSegmentValue
from wagtail_localize.segments.extract import extract_segments

from home.demo import content
from home.demo.documents import render_pdf
from home.demo.images import render_png
from home.demo.specs import DocumentRef, ImageRef, PageSpec, Stream, T
from newsletter.models import ContactSettings
from resources.library import renew_library
from resources.models import Audience, LibraryPage, LibraryTag, Organisation, Territory

NAMESPACE = uuid.UUID("6f1c1d2e-8a53-4d53-9a0e-3f1f5b0c7d21")
WELCOME_TITLE = "Welcome to your new Wagtail site!"


def demo_key(kind: str, key: str) -> uuid.UUID:
    """The translation key of a demo object: stable across runs and databases."""
    return uuid.uuid5(NAMESPACE, f"{kind}:{key}")


def demo_page(key: str, language: str = "fr") -> Page:
    """The demo's page with this key (``content/pages.toml``), in ``language``."""
    return Page.objects.get(
        translation_key=demo_key("page", key), locale__language_code=language
    ).specific


def in_language(value, language: str):
    """``value`` with every ``T`` replaced by its text in ``language``."""
    if isinstance(value, T):
        return getattr(value, language)
    if isinstance(value, dict):
        return {name: in_language(item, language) for name, item in value.items()}
    if isinstance(value, list | tuple):
        return [in_language(item, language) for item in value]
    return value


def is_untouched_welcome_page(page: Page) -> bool:
    """Wagtail's initial "Welcome" page, never edited: it may be replaced by the demo home."""
    return (
        page.depth == 2
        and page.content_type.model_class() is Page
        and page.title == WELCOME_TITLE
        and page.numchild == 0
        and page.latest_revision_id is None
    )


class DeferredIndexing:
    """Update the search and reference indexes once per object, after the load.

    Creating, publishing and translating a page saves it several times, and each save would
    re-index it with its relations. While ``collecting()``, saves are only remembered; ``flush()``
    then indexes each saved object once, still inside the load's transaction. The signal
    handlers are paused process-wide: this is for a management command, not a web request.
    """

    DISPATCH_UID = "home.demo.loader.DeferredIndexing"

    def __init__(self):
        self.saved = {}  # (model, pk) in order of first save
        self.searchable = []

    def remember(self, sender, instance, raw=False, **kwargs):
        if not raw:
            self.saved.setdefault((sender, instance.pk), None)

    @contextmanager
    def collecting(self):
        self.searchable = [
            model
            for model in search_index.get_indexed_models()
            if post_save.disconnect(post_save_signal_handler, sender=model)
        ]
        post_save.connect(self.remember, weak=False, dispatch_uid=self.DISPATCH_UID)
        try:
            with disable_reference_index_auto_update():
                yield
        finally:
            post_save.disconnect(dispatch_uid=self.DISPATCH_UID)
            for model in self.searchable:
                post_save.connect(post_save_signal_handler, sender=model)

    def flush(self):
        searchable = set(self.searchable)
        for model, pk in self.saved:
            in_search = model in searchable
            in_references = model in ReferenceIndex.tracked_models
            if not (in_search or in_references):
                continue
            if not model._default_manager.filter(pk=pk).exists():
                continue
            if in_search:
                insert_or_update_object_task.call(model._meta.app_label, model._meta.model_name, pk)
            if in_references:
                update_reference_index_task.call(model._meta.app_label, model._meta.model_name, pk)
        renew_library()  # what Django's cache keeps of the library


@dataclass
class Report:
    """What a run did, for the command's summary and for tests."""

    created: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    admin_password: str | None = None

    @property
    def is_empty(self):
        return not any(self.created.values())


class DemoLoader:
    """Creates whatever part of the demo is missing, in one transaction."""

    def __init__(self):
        self.report = Report()
        self.pages: dict[str, Page] = {}
        self.organisations: dict[str, Organisation] = {}
        self.audiences: dict[str, Audience] = {}
        self.territories: dict[str, Territory] = {}
        self.tags: dict[str, LibraryTag] = {}
        self.images: dict[str, object] = {}
        self.documents: dict[str, object] = {}
        self.new_pages: list[tuple[PageSpec, Page]] = []

    def run(self) -> Report:
        with transaction.atomic():
            indexing = DeferredIndexing()
            with indexing.collecting():
                self.fr, self.en = self.ensure_locales()
                self.load_snippets()
                self.load_territories()
                self.load_tags()
                self.load_pages()
                self.translate_snippets()
                self.translate_pages()
                self.ensure_contact_settings()
                self.ensure_admin()
            indexing.flush()
        return self.report

    # --- Locales and vocabulary ---------------------------------------------------------------

    def ensure_locales(self):
        locales = []
        for code in ("fr", "en"):
            locale, created = Locale.objects.get_or_create(language_code=code)
            self.report.created["locales"] += created
            locales.append(locale)
        return locales

    def _own_or_existing(self, model, kind, spec, name):
        """Our French object, else a French one of the same name made by someone else."""
        ours = model.objects.filter(translation_key=demo_key(kind, spec.key), locale=self.fr)
        found = ours.first()
        if found is None:
            found = model.objects.filter(locale=self.fr, name__iexact=name).first()
            if found is not None:
                self.report.notes.append(f"Using the existing {kind} “{name}” (not the demo's).")
        return found

    def load_snippets(self):
        for spec in content.AUDIENCES:
            name = in_language(spec.name, "fr")
            audience = self._own_or_existing(Audience, "audience", spec, name)
            if audience is None:
                audience = Audience.objects.create(
                    name=name, locale=self.fr, translation_key=demo_key("audience", spec.key)
                )
                self.report.created["audiences"] += 1
            self.audiences[spec.key] = audience
        for spec in content.ORGANISATIONS:
            values = self._organisation_values(spec, "fr")
            organisation = self._own_or_existing(Organisation, "organisation", spec, values["name"])
            if organisation is None:
                organisation = Organisation.objects.create(
                    **values, locale=self.fr, translation_key=demo_key("organisation", spec.key)
                )
                self.report.created["organisations"] += 1
            self.organisations[spec.key] = organisation

    @staticmethod
    def _organisation_values(spec, language):
        return {
            "name": in_language(spec.name, language),
            "acronym": spec.acronym,
            "kind": spec.kind,
            "website": spec.website,
            "description": in_language(spec.description, language),
            "is_network_member": spec.is_network_member,
        }

    def load_territories(self):
        for spec in content.TERRITORIES:
            lookup = {"kind": spec.kind}
            lookup.update({"insee_code": spec.code} if spec.code else {"name": spec.name})
            territory = Territory.objects.filter(**lookup).first()
            if territory is None:
                territory = Territory.objects.create(
                    name=spec.name,
                    kind=spec.kind,
                    insee_code=spec.code,
                    parent=self.territories.get(spec.parent),
                    latitude=spec.latitude,
                    longitude=spec.longitude,
                )
                self.report.created["territories"] += 1
            self.territories[spec.key] = territory

    def load_tags(self):
        for spec in content.TAGS:
            tag = (
                LibraryTag.objects.filter(slug=spec.slug).first()
                or LibraryTag.objects.filter(name__iexact=spec.name).first()
            )
            if tag is None:
                tag = LibraryTag.objects.create(
                    name=spec.name, slug=spec.slug, name_en=spec.name_en
                )
                self.report.created["tags"] += 1
            self.tags[spec.slug] = tag

    # --- Files --------------------------------------------------------------------------------

    def image(self, key):
        if key not in self.images:
            spec = next(spec for spec in content.IMAGES if spec.key == key)
            self.images[key] = self._file_object(
                get_image_model(), spec.title, f"demo-{key}.png", render_png(spec), "images"
            )
        return self.images[key]

    def document(self, key):
        if key not in self.documents:
            spec = next(spec for spec in content.DOCUMENTS if spec.key == key)
            self.documents[key] = self._file_object(
                get_document_model(), spec.title, f"demo-{key}.pdf", render_pdf(spec), "documents"
            )
        return self.documents[key]

    def _file_object(self, model, title, filename, data, counter):
        """The image or document with this title and these exact bytes, made if missing."""
        digest = hashlib.sha1(data, usedforsecurity=False).hexdigest()
        existing = model.objects.filter(title=title, file_hash=digest).first()
        if existing is not None:
            return existing
        file_class = ImageFile if counter == "images" else File
        obj = model(title=title, file=file_class(io.BytesIO(data), name=filename))
        obj.file_size, obj.file_hash = len(data), digest  # what the admin's upload form sets
        obj.save()
        self.report.created[counter] += 1
        return obj

    def resolve(self, value, language):
        """A field value ready for the model, in ``language``."""
        if isinstance(value, ImageRef):
            return self.image(value.key)
        if isinstance(value, DocumentRef):
            return self.document(value.key)
        return in_language(value, language)

    def stream_data(self, spec_key, field_name, stream: Stream, language):
        """StreamField data whose block ids are the same in both languages and on every run."""
        data = []
        for index, (block_type, value) in enumerate(stream.blocks):
            value = in_language(value, language)
            if isinstance(value, dict):
                value = {
                    name: (
                        self.resolve(item, language).pk
                        if isinstance(item, ImageRef | DocumentRef)
                        else item
                    )
                    for name, item in value.items()
                }
            block_id = str(demo_key("block", f"{spec_key}:{field_name}:{index}"))
            data.append({"type": block_type, "value": value, "id": block_id})
        return data

    def page_values(self, spec: PageSpec, language):
        values = {"title": spec.title.fr if language == "fr" else spec.title.en}
        values["slug"] = in_language(spec.slug, language)
        values["show_in_menus"] = spec.show_in_menus
        for name, value in spec.fields.items():
            if isinstance(value, Stream):
                values[name] = self.stream_data(spec.key, name, value, language)
            else:
                values[name] = self.resolve(value, language)
        return values

    # --- French pages -------------------------------------------------------------------------

    def load_pages(self):
        root = Page.get_first_root_node()
        for spec in content.TREE:
            key = demo_key("page", spec.key)
            page = Page.objects.filter(translation_key=key, locale=self.fr).first()
            if page is not None:
                self.pages[spec.key] = page.specific
                continue
            parent = root if spec.parent is None else self.pages.get(spec.parent)
            if parent is None:
                self.report.notes.append(
                    f"Skipped “{spec.title.fr}”: its parent page is not the demo's."
                )
                continue
            slug = in_language(spec.slug, "fr")
            if parent.get_children().filter(slug=slug).exists():
                self.report.notes.append(
                    f"Left alone the existing page “{parent.url_path}{slug}/”, which the demo "
                    "did not create; its demo page was not made."
                )
                continue
            model = apps.get_model(spec.model)
            page = model(**self.page_values(spec, "fr"), locale=self.fr, translation_key=key)
            page.live = False
            self._set_relations(page, spec)
            parent.add_child(instance=page)
            self.pages[spec.key] = page
            self.new_pages.append((spec, page))
            self.report.created["pages"] += 1
            if spec.key == "home":
                self.ensure_site(page)
        for spec, page in self.new_pages:
            # Set now, so that items can point at pages listed after them.
            if spec.related:
                page.related_items = [self.pages[k] for k in spec.related if k in self.pages]
            page.save_revision().publish()

    def _set_relations(self, page, spec):
        if not isinstance(page, LibraryPage):
            return
        page.themes = [self.pages[key] for key in spec.themes if key in self.pages]
        page.territories = [self.territories[key] for key in spec.territories]
        page.organisations = [self.organisations[key] for key in spec.organisations]
        page.audiences = [self.audiences[key] for key in spec.audiences]
        page.tags.set([self.tags[slug] for slug in spec.tags])

    def ensure_site(self, home):
        """Make the French home the default site's root, replacing the untouched Welcome page."""
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            if Site.objects.filter(hostname="localhost", port=80).exists():
                self.report.notes.append("A site already serves localhost:80; no site was made.")
                return
            Site.objects.create(
                hostname="localhost",
                port=80,
                root_page=home,
                is_default_site=True,
                site_name="Territoires en Commun",
            )
            self.report.created["sites"] += 1
            return
        previous = site.root_page
        if not is_untouched_welcome_page(previous):
            self.report.notes.append(
                f"The default site keeps its root page “{previous.title}”, which the demo did "
                "not create."
            )
            return
        site.root_page = home
        site.site_name = site.site_name or "Territoires en Commun"
        site.save()
        if not Site.objects.filter(root_page=previous).exists():
            # Gone before the English home is made: it holds the slug "home" under the root.
            # The reference index is updated by hand, its handlers being paused during the load.
            ReferenceIndex.remove_for_object(previous)
            ReferenceIndex.remove_references_to(previous)
            previous.delete()
            self.report.notes.append("Replaced Wagtail's initial Welcome page.")

    # --- English through wagtail-localize -----------------------------------------------------

    def translate_snippets(self):
        for spec in content.AUDIENCES:
            self._translate(
                self.audiences[spec.key],
                "audience",
                spec.key,
                lambda spec=spec: Audience(name=in_language(spec.name, "en")),
            )
        for spec in content.ORGANISATIONS:
            self._translate(
                self.organisations[spec.key],
                "organisation",
                spec.key,
                lambda spec=spec: Organisation(**self._organisation_values(spec, "en")),
            )

    def translate_pages(self):
        for spec in content.TREE:  # parents first, so each translation has its parent
            page = self.pages.get(spec.key)
            if page is None:
                continue
            self._translate(
                page,
                "page",
                spec.key,
                lambda spec=spec: apps.get_model(spec.model)(**self.page_values(spec, "en")),
            )

    def _translate(self, instance, kind, key, make_twin):
        """Translate one of our objects into English, unless done.

        ``make_twin()`` builds an unsaved copy holding the English texts: its segments, extracted
        the same way as the source's, give the English string of each source segment.
        """
        if instance.translation_key != demo_key(kind, key):
            return  # someone else's object: theirs to translate
        if instance.has_translation(self.en):
            return
        if isinstance(instance, Page):
            instance = Page.objects.get(pk=instance.pk).specific  # as published
            if instance.revisions.count() > 1:
                self.report.notes.append(
                    f"“{instance.title}” was edited since the demo made it; its English version "
                    "is left to the editors."
                )
                return
        source, _created = TranslationSource.get_or_create_from_instance(instance)
        english = self._english_strings(make_twin())
        seen = Counter()
        missing = []
        segments = (
            StringSegment.objects.filter(source=source)
            .select_related("string", "context")
            .order_by("order")
        )
        for segment in segments:
            path = segment.context.path
            text = english.get((path, seen[path]))
            seen[path] += 1
            if not text:
                missing.append(path)
                continue
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=self.en,
                context=segment.context,
                defaults={
                    "data": text,
                    "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                },
            )
        if missing:
            raise CommandError(
                f"No English text for {kind} “{key}”: {', '.join(missing)}. "
                "Add it to the files in home/demo/content/."
            )
        translation, _created = Translation.objects.get_or_create(
            source=source, target_locale=self.en
        )
        if not translation.enabled:  # disabled when an earlier English version was deleted
            translation.enabled = True
            translation.save(update_fields=["enabled"])
        if isinstance(instance, Page):
            # save_target(publish=True) would publish on commit, outside this transaction (and
            # never inside a test's); save the draft through it, then publish it here.
            translation.save_target(publish=False)
            instance.get_translation(self.en).get_latest_revision().publish()
            self.report.created["pages"] += 1
        else:
            translation.save_target(publish=True)
            self.report.created[f"{kind}s"] += 1

    @staticmethod
    def _english_strings(twin):
        """The translatable strings of the English twin, keyed by (path, position in path)."""
        strings = {}
        seen = Counter()
        for segment in extract_segments(twin):
            if isinstance(segment, StringSegmentValue):
                strings[(segment.path, seen[segment.path])] = segment.string.data
                seen[segment.path] += 1
        return strings

    # --- Settings and account -----------------------------------------------------------------

    def ensure_contact_settings(self):
        home = self.pages.get("home")
        site = Site.objects.filter(is_default_site=True).first()
        if home is None or site is None or site.root_page_id != home.pk:
            return
        settings, created = ContactSettings.objects.get_or_create(site=site)
        if created or not (settings.contact_email or settings.postal_address):
            settings.contact_email = content.CONTACT_EMAIL
            settings.postal_address = content.CONTACT_ADDRESS
            settings.save()
            self.report.created["contact settings"] += 1

    def ensure_admin(self):
        User = get_user_model()
        if User.objects.filter(username=content.ADMIN_USERNAME).exists():
            self.report.notes.append(
                f"The “{content.ADMIN_USERNAME}” account exists; its password is unchanged."
            )
            return
        password = secrets.token_urlsafe(18)
        User.objects.create_superuser(content.ADMIN_USERNAME, content.ADMIN_EMAIL, password)
        self.report.admin_password = password
        self.report.created["admin accounts"] += 1
