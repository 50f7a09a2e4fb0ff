"""The network's agenda: trainings, meetings and webinars, upcoming and past."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.search import index

from events.ical import ical_response
from resources.models.mixins import paginate
from resources.models.pages import (
    LibraryPage,
    SectionIndexPage,
    attach_card_themes,
    library_items,
    with_card_data,
)


class EventPage(RoutablePageMixin, LibraryPage):
    """An event: when (Paris time), where or online, who organises it and how to register."""

    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    is_online = models.BooleanField(_("online event"), default=False)
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    street_address = models.CharField(_("address"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=10, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    registration_url = models.URLField(_("registration link"), blank=True)

    organisations_label = _("Organised by")
    content_panels = [
        *LibraryPage.content_panels,
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading=_("When")),
        MultiFieldPanel(
            [
                FieldPanel("is_online"),
                FieldPanel("venue_name"),
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
            ],
            heading=_("Where"),
        ),
        FieldPanel("registration_url"),
    ]
    search_fields = [
        *LibraryPage.search_fields,
        index.SearchField("city"),
        index.SearchField("venue_name"),
        index.FilterField("starts_at"),
        index.FilterField("ends_at"),
    ]
    api_fields = [
        *LibraryPage.api_fields,
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("is_online"),
        APIField("venue_name"),
        APIField("street_address"),
        APIField("postcode"),
        APIField("city"),
        APIField("registration_url"),
    ]
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.ends_at and self.starts_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("An event cannot end before it starts.")})
        if not self.is_online and not self.city:
            raise ValidationError({"city": _("Give the city, or tick “online event”.")})

    @path("")
    def index_route(self, request):
        return self.render(request)

    @path("calendar/", name="ical")
    def ical_route(self, request):
        """This event as a calendar file."""
        return ical_response(request, [self], name=self.title, filename=f"{self.slug}.ics")

    @property
    def is_multi_day(self):
        if not self.ends_at:
            return False
        return timezone.localtime(self.ends_at).date() != timezone.localtime(self.starts_at).date()

    @property
    def is_past(self):
        return (self.ends_at or self.starts_at) < timezone.now()


def _events_ending(lookup, locale):
    """Events whose end (their start when they have none) compares to now by ``lookup``."""
    now = timezone.now()
    return (
        library_items(locale)
        .type(EventPage)
        .filter(
            models.Q(**{f"eventpage__ends_at__{lookup}": now})
            | models.Q(eventpage__ends_at__isnull=True, **{f"eventpage__starts_at__{lookup}": now})
        )
    )


def upcoming_events(locale=None):
    """Events not yet over, soonest first."""
    return _events_ending("gte", locale).order_by("eventpage__starts_at")


def past_events(locale=None):
    """Events already over, most recent first."""
    return _events_ending("lt", locale).order_by("-eventpage__starts_at")


class EventIndexPage(RoutablePageMixin, SectionIndexPage):
    """The agenda: upcoming events first, past events on request."""

    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("event index")

    @path("")
    def index_route(self, request):
        show_past = request.GET.get("period") == "past"
        events = past_events(self.locale) if show_past else upcoming_events(self.locale)
        page = paginate(request, events, per_page=12)
        page.object_list = attach_card_themes(with_card_data(page.object_list))
        return self.render(request, context_overrides={"events_page": page, "show_past": show_past})

    @path("calendar/", name="ical")
    def ical_route(self, request):
        """Calendar feed of the upcoming events, for subscription in a calendar application."""
        events = upcoming_events(self.locale).specific().defer_streamfields()
        return ical_response(request, events, name=self.title, filename="agenda.ics")
