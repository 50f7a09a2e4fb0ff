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
from resources.localization import active_locale
from resources.models.pages import LibraryPage, SectionIndexPage


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

    @classmethod
    def period_q(cls, period):
        """Library items that are events of ``period`` ("upcoming": not over yet, or "past"),
        by their end (their start when they have none)."""
        lookup = "gte" if period == "upcoming" else "lt"
        now = timezone.now()
        return models.Q(**{f"eventpage__ends_at__{lookup}": now}) | models.Q(
            eventpage__ends_at__isnull=True, **{f"eventpage__starts_at__{lookup}": now}
        )

    @classmethod
    def period_order(cls, period):
        """Upcoming events soonest first, past ones most recent first."""
        start = "eventpage__starts_at"
        return [start if period == "upcoming" else f"-{start}", "-pk"]

    @property
    def is_multi_day(self):
        if not self.ends_at:
            return False
        return timezone.localtime(self.ends_at).date() != timezone.localtime(self.starts_at).date()

    @property
    def is_past(self):
        return (self.ends_at or self.starts_at) < timezone.now()


def upcoming_events(locale=None):
    """Events not yet over, soonest first (the library query's "upcoming" period)."""
    from resources.library import LibraryQuery

    query = LibraryQuery(locale or active_locale(), period="upcoming", order="upcoming")
    return query.ordered()


def past_events(locale=None):
    """Events already over, most recent first."""
    from resources.library import LibraryQuery

    return LibraryQuery(locale or active_locale(), period="past", order="past").ordered()


class EventIndexPage(RoutablePageMixin, SectionIndexPage):
    """The agenda: upcoming events first, past events on request."""

    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("event index")

    @path("")
    def index_route(self, request):
        from resources.library import listing_page

        show_past = request.GET.get("period") == "past"
        period = "past" if show_past else "upcoming"
        number = request.GET.get("page")
        _query, page = listing_page(self.locale, {}, number, period=period, order=period)
        return self.render(request, context_overrides={"events_page": page, "show_past": show_past})

    @path("calendar/", name="ical")
    def ical_route(self, request):
        """Calendar feed of the upcoming events, for subscription in a calendar application."""
        events = upcoming_events(self.locale).specific().defer_streamfields()
        return ical_response(request, events, name=self.title, filename="agenda.ics")
