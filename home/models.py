"""The front page and the site-wide settings editors can change."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from events.models import upcoming_events
from newsletter.models import ContactSettings  # noqa: F401 - search.signals imports it from here
from resources.models import ThemePage
from resources.models.pages import attach_card_themes, library_items, with_card_data


class HomePage(Page):
    """The network's front page: theme of the month, latest items, agenda, newsletter, partners."""

    intro = models.TextField(
        _("introduction"), help_text=_("What the network is, in two sentences.")
    )
    newsletter_pitch = models.TextField(
        _("newsletter pitch"),
        blank=True,
        help_text=_("Shown beside the newsletter sign-up form."),
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("newsletter_pitch")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        latest = with_card_data(library_items(self.locale).order_by("-publication_date", "-pk")[:6])
        events = with_card_data(upcoming_events(self.locale)[:3])
        context.update(
            theme_of_month=ThemePage.of_month(locale=self.locale),
            latest_items=attach_card_themes(latest),
            upcoming=attach_card_themes(events),
        )
        return context
