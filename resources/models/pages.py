"""Library page types: themes, projects, dossiers, concepts and ecosystem news.

Every library item is a ``LibraryPage``. The base is concrete (multi-table) rather than abstract so
that the shared fields and the taxonomy links live in one table each: the library index, the tag
pages, the search facets and the newsletter chooser query every type at once, with a constant
number of queries.
"""

import datetime

from django import forms
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index
from wagtail.utils.decorators import cached_classmethod

from resources.blocks import BodyBlock, KeyFigureBlock, LinkBlock, PillarBlock
from resources.feeds import rss_response
from resources.localization import active_locale, localized
from resources.models.snippets import Audience, LibraryPageTag, LibraryTag, Organisation, Territory

CARD_RENDITION = "fill-640x360"


class LibraryPageForm(WagtailAdminPageForm):
    """Offers taxonomy in the page's own language (plus whatever is already chosen)."""

    localized_relations = ("themes", "audiences", "organisations")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        locale_id = self.instance.locale_id
        if not locale_id:
            return
        for name in self.localized_relations:
            field = self.fields.get(name)
            if field is None:
                continue
            chosen = self.initial.get(name) or []
            chosen_ids = [getattr(obj, "pk", obj) for obj in chosen]
            field.queryset = field.queryset.filter(
                models.Q(locale_id=locale_id) | models.Q(pk__in=chosen_ids)
            )


def library_items(locale=None):
    """Live, public library items of a locale (the active one by default), aliases left out."""
    from resources.library import visible_items

    return visible_items(locale or active_locale())


def item_types():
    """Library types a reader can filter on, keyed by their URL value ("project", "event"...):
    every concrete subclass of ``LibraryPage``, in the order of the installed apps' models."""
    from django.apps import apps

    types = [m for m in apps.get_models() if issubclass(m, LibraryPage) and m is not LibraryPage]
    return {model._meta.model_name.removesuffix("page"): model for model in types}


def public_themes(themes) -> list:
    """Of ``themes`` (theme pages), in the same order, those a reader may see: live, with no
    view restriction on them or on an ancestor. One query for any number of themes."""
    themes = [theme for theme in themes if theme.live]
    if not themes:
        return []
    restricted = tuple(PageViewRestriction.objects.values_list("page__path", flat=True))
    if not restricted:
        return themes
    return [theme for theme in themes if not theme.path.startswith(restricted)]


def with_card_data(queryset):
    """Specific pages plus everything a card shows, fetched in a constant number of queries."""
    Image = get_image_model()
    image = Prefetch("listing_image", queryset=Image.objects.prefetch_renditions(CARD_RENDITION))
    return queryset.defer_streamfields().specific().prefetch_related("themes", image)


def results_with_card_data(pks, types=None):
    """The library pages ``pks`` as their specific types, with what a card shows and their body,
    in one query (two more when one has an image: the images, their card renditions).

    Wagtail's ``specific()`` reads the pages' types first, then each type's pages apart; here
    the item types' tables are joined to the library's (each page comes back as the one type
    whose row it has). The search's excerpts may need the body: it comes with the rest. The
    types' own StreamFields stay out (no card shows them).
    """
    from django.core.exceptions import ObjectDoesNotExist
    from django.db.models import prefetch_related_objects

    types = list(item_types().values()) if types is None else list(types)
    names = [model._meta.model_name for model in types]
    deferred = [
        f"{model._meta.model_name}__{field.name}"
        for model in types
        for field in model._meta.local_fields
        if isinstance(field, StreamField)
    ]
    rows = LibraryPage.objects.filter(pk__in=pks).order_by().select_related(*names)
    pages = []
    for page in rows.defer(*deferred):
        for name in names:
            try:
                page = getattr(page, name)
                break
            except ObjectDoesNotExist:
                continue
        pages.append(page)
    with_image = [page for page in pages if page.listing_image_id]
    if with_image:
        Image = get_image_model()
        images = Image.objects.prefetch_renditions(CARD_RENDITION)
        prefetch_related_objects(with_image, Prefetch("listing_image", queryset=images))
    return pages


def attach_card_themes(items):
    """Give each item ``card_themes``: its themes in the reader's language (one query in all)."""
    from resources.library import attach_themes

    items = list(items)
    return attach_themes(items, items[0].locale if items else None) if items else items


class LibraryPage(Page):
    """Fields and behaviour shared by every item of the library."""

    summary = models.TextField(
        _("summary"),
        max_length=600,
        help_text=_("Two or three sentences shown on cards, in search results and in emails."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("listing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publication_date = models.DateField(_("publication date"), default=datetime.date.today)
    themes = ParentalManyToManyField(
        "resources.ThemePage", verbose_name=_("themes"), blank=True, related_name="library_items"
    )
    tags = ClusterTaggableManager(
        through=LibraryPageTag, verbose_name=_("tags"), blank=True, related_name="library_items"
    )
    territories = ParentalManyToManyField(
        Territory, verbose_name=_("territories"), blank=True, related_name="library_items"
    )
    organisations = ParentalManyToManyField(
        Organisation, verbose_name=_("organisations"), blank=True, related_name="library_items"
    )
    audiences = ParentalManyToManyField(
        Audience, verbose_name=_("audiences"), blank=True, related_name="library_items"
    )
    related_items = ParentalManyToManyField(
        "self",
        verbose_name=_("related items"),
        blank=True,
        symmetrical=False,
        related_name="+",
    )

    is_creatable = False
    subpage_types = []
    base_form_class = LibraryPageForm
    organisations_label = _("Organisations")

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("listing_image"),
    ]
    body_panels = [FieldPanel("body")]
    taxonomy_panels = [
        MultiFieldPanel(
            [
                FieldPanel("publication_date"),
                FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
                FieldPanel("territories"),
                FieldPanel("organisations", widget=forms.CheckboxSelectMultiple),
                FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
                FieldPanel("related_items"),
            ],
            heading=_("Classification"),
        )
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("publication_date"),
        index.RelatedFields("tags", [index.SearchField("name"), index.SearchField("name_en")]),
        index.RelatedFields("themes", [index.SearchField("title")]),
        index.RelatedFields("territories", [index.SearchField("name")]),
        index.RelatedFields(
            "organisations", [index.SearchField("name"), index.SearchField("acronym")]
        ),
    ]

    api_fields = [
        APIField("summary"),
        APIField("publication_date"),
        APIField("body"),
        APIField("listing_image"),
        APIField(
            "tag_slugs",
            serializer=serializers.ListField(child=serializers.CharField(), read_only=True),
        ),
        APIField(
            "theme_titles",
            serializer=serializers.ListField(child=serializers.CharField(), read_only=True),
        ),
    ]

    class Meta:
        verbose_name = _("library item")
        verbose_name_plural = _("library items")
        # The year facet reads each item's date from this index, not from the item's wide row.
        indexes = [models.Index(fields=["page_ptr", "publication_date"], name="library_item_date")]

    @cached_classmethod
    def get_edit_handler(cls):
        """Content, body and classification tabs for every library type."""
        tabs = [
            ObjectList(cls.content_panels, heading=_("Content")),
            ObjectList(cls.body_panels, heading=_("Body")),
            ObjectList(cls.taxonomy_panels, heading=_("Classification")),
            ObjectList(cls.promote_panels, heading=_("Promote")),
            ObjectList(cls.settings_panels, heading=_("Settings")),
        ]
        return TabbedInterface(tabs, base_form_class=cls.base_form_class).bind_to_model(cls)

    @property
    def type_label(self):
        return self.specific_class._meta.verbose_name

    @property
    def card_template(self):
        meta = self.specific_class._meta
        return f"{meta.app_label}/cards/{meta.model_name}.html"

    @property
    def tag_slugs(self):
        return [tag.slug for tag in self.tags.all()]

    @property
    def theme_titles(self):
        return [theme.title for theme in public_themes(localized(self.themes.all()))]

    def get_card_context(self):
        """What a card, a search result or an email block needs to show this item."""
        return {
            "item": self,
            "type_label": self.type_label,
            "themes": (
                self.card_themes
                if hasattr(self, "card_themes")
                else public_themes(localized(self.themes.all()))
            ),
        }

    def tag_links(self, request):
        """Each tag with the URL of its page in the library of this page's language."""
        tags = list(self.tags.all())
        library = LibraryIndexPage.objects.live().filter(locale=self.locale).first()
        if not tags or library is None:
            return [(tag, None) for tag in tags]
        base = library.get_url(request)
        return [(tag, base + library.reverse_subpage("tag", args=[tag.slug])) for tag in tags]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            themes=public_themes(localized(self.themes.all())),
            audiences=localized(self.audiences.all()),
            organisations=localized(self.organisations.all()),
            territories=list(self.territories.select_related("parent")),
            tag_links=self.tag_links(request),
            related=attach_card_themes(
                with_card_data(
                    library_items(self.locale).filter(
                        # values_list also works on the unsaved relation of a preview
                        translation_key__in=self.related_items.values_list(
                            "translation_key", flat=True
                        )
                    )
                )
            ),
        )
        return context


class SectionIndexPage(Page):
    """A section of the site under the home page (library, themes, agenda, newsletter archive):
    one per home page, with an optional introduction."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        abstract = True


class ThemeIndexPage(SectionIndexPage):
    """The list of the network's themes."""

    subpage_types = ["resources.ThemePage"]

    class Meta:
        verbose_name = _("theme index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        Image = get_image_model()
        context["themes"] = (
            ThemePage.objects.child_of(self)
            .live()
            .public()
            .prefetch_related(
                Prefetch("image", queryset=Image.objects.prefetch_renditions(CARD_RENDITION))
            )
            .order_by("-featured_month", "title")
        )
        return context


class ThemePage(RoutablePageMixin, Page):
    """A thématique: the lens through which the network gathers items, one a month."""

    intro = models.TextField(_("introduction"), max_length=800)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured_month = models.DateField(
        _("theme of the month"),
        null=True,
        blank=True,
        help_text=_("Any day of the month in which this is the network's theme of the month."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("featured_month"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("featured_month"), APIField("body")]
    parent_page_types = ["resources.ThemeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def save(self, *args, **kwargs):
        if self.featured_month:
            self.featured_month = self.featured_month.replace(day=1)
        super().save(*args, **kwargs)

    def is_theme_of(self, month: datetime.date) -> bool:
        """Whether this is the theme of the month containing ``month``."""
        return bool(self.featured_month) and (
            (self.featured_month.year, self.featured_month.month) == (month.year, month.month)
        )

    @classmethod
    def of_month(cls, month: datetime.date | None = None, locale=None):
        """The theme of the given month, or failing that the latest one before it."""
        month = (month or timezone.localdate()).replace(day=1)
        return (
            cls.objects.live()
            .public()
            .filter(locale=locale or active_locale(), featured_month__lte=month)
            .select_related("image")
            .order_by("-featured_month")
            .first()
        )

    def items(self):
        """Library items linked to this theme, in this theme's language, newest first."""
        from resources.library import theme_query

        return theme_query(self).ordered()

    def get_context(self, request, *args, **kwargs):
        from resources.library import listing_page, theme_query

        context = super().get_context(request, *args, **kwargs)
        number = request.GET.get("page")
        query = theme_query(self)
        context["items_page"] = listing_page(self.locale, {}, number, query=query)[1]
        return context

    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("feed/", name="feed")
    def feed_route(self, request):
        """RSS feed of the items linked to this theme."""
        items = self.items().specific().defer_streamfields()
        return rss_response(
            request, title=self.title, link_page=self, items=items, description=self.intro
        )


class LibraryIndexPage(RoutablePageMixin, SectionIndexPage):
    """The library: every item, filterable by type, theme, tag and territory; tag pages."""

    subpage_types = [
        "resources.ProjectPage",
        "resources.DossierPage",
        "resources.ConceptPage",
        "resources.NewsPage",
    ]

    class Meta:
        verbose_name = _("library index")

    @cached_property
    def item_types(self):
        return item_types()

    @path("")
    def index_route(self, request):
        """Every item, narrowed by the query string's filters (those of the search page)."""
        from resources.library import filters_from, listing_page

        query, page = listing_page(self.locale, filters_from(request.GET), request.GET.get("page"))
        applied = {name: chosen.values[0] for name, chosen in query.selected.items()}
        themes = sorted(query.taxonomy["theme"][1].values(), key=lambda theme: theme[1].lower())
        if "theme" in applied:
            applied["theme"] = query.selected["theme"].keys[0]
        if "tag" in applied:
            applied["tag"] = query.taxonomy["tag"][1][applied["tag"]][1]
        return self.render(
            request,
            context_overrides={
                "items_page": page,
                "applied": applied,
                "filter_themes": [
                    {"value": value, "title": title, "key": key}
                    for key, (value, title) in sorted(
                        query.taxonomy["theme"][1].items(), key=lambda item: item[1][1].lower()
                    )
                ]
                if themes
                else [],
                "filter_types": [
                    (key, model._meta.verbose_name_plural) for key, model in self.item_types.items()
                ],
            },
        )

    @path("feed/", name="feed")
    def feed_route(self, request):
        """RSS feed of the library, newest first, with the index's filters."""
        from resources.library import LibraryQuery, filters_from

        query = LibraryQuery(self.locale, filters_from(request.GET))
        items = query.ordered().specific().defer_streamfields()
        return rss_response(
            request, title=self.title, link_page=self, items=items, description=self.intro
        )

    @path("tags/<slug:slug>/", name="tag")
    def tag_route(self, request, slug):
        tag = LibraryTag.objects.filter(slug=slug).first()
        if tag is None:
            from django.http import Http404

            raise Http404(_("No library item carries this tag."))
        from resources.library import listing_page

        _query, page = listing_page(self.locale, {"tag": [tag.slug]}, request.GET.get("page"))
        return self.render(
            request,
            template="resources/tag_page.html",
            context_overrides={"tag": tag, "items_page": page},
        )


class ProjectPage(LibraryPage):
    """An inspiring territorial project: who did what, where, when and with what results."""

    actors = models.TextField(
        _("actors"),
        blank=True,
        help_text=_("Who carried the project: services, residents, partners."),
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    approach = RichTextField(
        _("what was done"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    results = RichTextField(
        _("results"), blank=True, features=["bold", "italic", "link", "ol", "ul"]
    )
    key_figures = StreamField(
        [("figure", KeyFigureBlock())], verbose_name=_("key figures"), blank=True
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    links = StreamField([("link", LinkBlock())], verbose_name=_("links"), blank=True)

    content_panels = [
        *LibraryPage.content_panels,
        FieldPanel("actors"),
        FieldRowPanel([FieldPanel("started_on"), FieldPanel("ended_on")], heading=_("Period")),
        FieldPanel("approach"),
        FieldPanel("results"),
        FieldPanel("key_figures"),
        FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_email")]),
        FieldPanel("links"),
    ]
    search_fields = [
        *LibraryPage.search_fields,
        index.SearchField("actors"),
        index.SearchField("approach"),
        index.SearchField("results"),
    ]
    api_fields = [
        *LibraryPage.api_fields,
        APIField("actors"),
        APIField("started_on"),
        APIField("ended_on"),
        APIField("approach"),
        APIField("results"),
        APIField("key_figures"),
        APIField("links"),
    ]
    parent_page_types = ["resources.LibraryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("inspiring project")
        verbose_name_plural = _("inspiring projects")


class DossierPage(LibraryPage):
    """A resource: dossier, guide, white paper, diagram, publication, webinar, review, tool."""

    class Kind(models.TextChoices):
        DOSSIER = "dossier", _("Dossier")
        GUIDE = "guide", _("Guide")
        WHITE_PAPER = "white_paper", _("White paper")
        DIAGRAM = "diagram", _("Diagram")
        PUBLICATION = "publication", _("Publication")
        WEBINAR = "webinar", _("Webinar")
        PRESS_REVIEW = "press_review", _("Press review")
        METHOD = "method", _("Method or tool")

    class Licence(models.TextChoices):
        CC_BY = "cc-by", _("Creative Commons BY")
        CC_BY_SA = "cc-by-sa", _("Creative Commons BY-SA")
        CC_BY_NC_SA = "cc-by-nc-sa", _("Creative Commons BY-NC-SA")
        ALL_RIGHTS = "all-rights", _("All rights reserved")
        UNKNOWN = "unknown", _("Check with the author")

    kind = models.CharField(_("kind of resource"), max_length=20, choices=Kind.choices)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    external_url = models.URLField(_("external address"), blank=True)
    resource_language = models.CharField(
        _("language of the resource"),
        max_length=5,
        choices=[("fr", _("French")), ("en", _("English"))],
        default="fr",
    )
    licence = models.CharField(
        _("licence"), max_length=20, choices=Licence.choices, default=Licence.UNKNOWN
    )

    organisations_label = _("Published by")
    content_panels = [
        *LibraryPage.content_panels,
        FieldPanel("kind"),
        FieldPanel("document"),
        FieldPanel("external_url"),
        FieldRowPanel([FieldPanel("resource_language"), FieldPanel("licence")]),
    ]
    api_fields = [
        *LibraryPage.api_fields,
        APIField("kind"),
        APIField("document"),
        APIField("external_url"),
        APIField("resource_language"),
        APIField("licence"),
    ]
    search_fields = [
        *LibraryPage.search_fields,
        index.FilterField("kind"),
        index.SearchField("document_text"),
    ]
    parent_page_types = ["resources.LibraryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")

    @property
    def type_label(self):
        return self.get_kind_display()

    @property
    def document_text(self):
        """The text of the attached PDF, indexed with the page (see ``resources.documents``)."""
        from resources.documents import indexed_text

        return indexed_text(self.document_id)


class ConceptPage(LibraryPage):
    """The concept of the month: a definition, its pillars and a diagram."""

    definition = models.TextField(_("definition"))
    pillars = StreamField([("pillar", PillarBlock())], verbose_name=_("pillars"), blank=True)
    diagram = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("diagram"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    diagram_description = models.TextField(
        _("diagram description"),
        blank=True,
        help_text=_("What the diagram shows, for readers who cannot see it."),
    )
    diagram_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("downloadable diagram"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *LibraryPage.content_panels,
        FieldPanel("definition"),
        FieldPanel("pillars"),
        FieldPanel("diagram"),
        FieldPanel("diagram_description"),
        FieldPanel("diagram_document"),
    ]
    search_fields = [
        *LibraryPage.search_fields,
        index.SearchField("definition"),
        index.SearchField("pillars"),
    ]
    api_fields = [
        *LibraryPage.api_fields,
        APIField("definition"),
        APIField("pillars"),
        APIField("diagram"),
        APIField("diagram_document"),
    ]
    parent_page_types = ["resources.LibraryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("concept")
        verbose_name_plural = _("concepts")


class NewsPage(LibraryPage):
    """News from the network's ecosystem: calls for applications, publications, announcements."""

    class Kind(models.TextChoices):
        CALL = "call", _("Call for applications")
        PUBLICATION = "publication", _("Publication")
        ANNOUNCEMENT = "announcement", _("Announcement")

    kind = models.CharField(_("kind of news"), max_length=20, choices=Kind.choices)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    call_to_action_url = models.URLField(_("action link"), blank=True)
    call_to_action_label = models.CharField(_("action label"), max_length=100, blank=True)

    content_panels = [
        *LibraryPage.content_panels,
        FieldPanel("kind"),
        FieldPanel("deadline"),
        FieldRowPanel([FieldPanel("call_to_action_url"), FieldPanel("call_to_action_label")]),
    ]
    api_fields = [
        *LibraryPage.api_fields,
        APIField("kind"),
        APIField("deadline"),
        APIField("call_to_action_url"),
        APIField("call_to_action_label"),
    ]
    search_fields = [*LibraryPage.search_fields, index.FilterField("kind")]
    parent_page_types = ["resources.LibraryIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("ecosystem news")
        verbose_name_plural = _("ecosystem news")

    @property
    def type_label(self):
        return self.get_kind_display()
