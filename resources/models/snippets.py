"""The library's shared vocabulary: organisations, territories, audiences and tags."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index

from resources.localization import active_locale


class Organisation(TranslatableMixin, index.Indexed, models.Model):
    """A body that runs, funds or takes part in what the library describes."""

    class Kind(models.TextChoices):
        STATE_AGENCY = "state_agency", _("State agency")
        LOCAL_AUTHORITY = "local_authority", _("Local authority")
        ASSOCIATION = "association", _("Association")
        PUBLIC_BANK = "public_bank", _("Public bank")
        COMPANY = "company", _("Company")
        RESEARCH = "research", _("Research")
        MEDIA = "media", _("Media")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    is_network_member = models.BooleanField(
        _("co-runs the network"),
        default=False,
        help_text=_("Shown among the partners in the site footer and on the home page."),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("acronym"),
        FieldPanel("kind"),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("description"),
        FieldPanel("is_network_member"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("acronym"),
        index.AutocompleteField("acronym"),
        index.FilterField("kind"),
        index.FilterField("locale"),
        index.FilterField("is_network_member"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @classmethod
    def network_partners(cls):
        """The organisations that co-run the network, in the reader's language where translated."""
        members = cls.objects.filter(is_network_member=True).select_related("logo")
        active = members.filter(locale=active_locale())
        return list(active) or list(members.filter(locale=Locale.get_default()))


class Territory(index.Indexed, models.Model):
    """A place of the official geographic code; its name is the same in both languages."""

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Municipality")
        EPCI = "epci", _("Inter-municipality (EPCI)")
        DEPARTEMENT = "departement", _("Département")
        REGION = "region", _("Region")
        NATIONAL = "national", _("National")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    insee_code = models.CharField(
        _("official code"),
        max_length=12,
        blank=True,
        help_text=_("INSEE code of a commune, département or région, SIREN of an EPCI."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("kind"),
        FieldPanel("insee_code"),
        FieldPanel("parent"),
        FieldPanel("latitude"),
        FieldPanel("longitude"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("insee_code"),
        index.AutocompleteField("insee_code"),
        index.FilterField("kind"),
    ]

    class Meta:
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "insee_code"],
                condition=~models.Q(insee_code=""),
                name="unique_territory_code",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"


class Audience(TranslatableMixin, models.Model):
    """Who an item is for: elected officials, public agents, civil society..."""

    name = models.CharField(_("name"), max_length=100)

    panels = [FieldPanel("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        ordering = ["name"]

    def __str__(self):
        return self.name


class LibraryTag(TagBase):
    """A keyword shared by both languages, with its English wording.

    wagtail-localize copies tags as they are into translations, so one tag serves both versions
    of a page and its slug (hence its URL) is the same in both; English readers see ``name_en``.
    """

    name_en = models.CharField(_("English name"), max_length=100, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("name_en")]

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    @property
    def label(self):
        """The tag's wording in the active language."""
        if self.name_en and (get_language() or "fr").startswith("en"):
            return self.name_en
        return self.name


class LibraryPageTag(ItemBase):
    tag = models.ForeignKey(LibraryTag, on_delete=models.CASCADE, related_name="tagged_items")
    content_object = ParentalKey(
        "resources.LibraryPage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        constraints = [
            # A tag once per item: the library counts an item's tags without DISTINCT.
            models.UniqueConstraint(fields=["content_object", "tag"], name="library_tag_once"),
        ]
