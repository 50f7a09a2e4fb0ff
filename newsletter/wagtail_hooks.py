from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.action_menu import ActionMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button, ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from newsletter import admin_views
from newsletter.models import NewsletterPage, Subscriber
from resources.exports import SafeSpreadsheetExportMixin


class SubscriberIndexView(SafeSpreadsheetExportMixin, IndexView):
    """The subscriber list; its CSV export keeps addresses from being read as formulas."""


class SubscriberViewSet(SnippetViewSet):
    model = Subscriber
    index_view_class = SubscriberIndexView
    icon = "mail"
    menu_label = _("Subscribers")
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["email", "language", "status", "confirmed_at", "created_at"]
    list_filter = ["status", "language", "themes"]
    list_export = ["email", "language", "status", "confirmed_at", "created_at", "unsubscribed_at"]
    export_filename = "subscribers"
    search_fields = ["email"]


register_snippet(SubscriberViewSet)


@hooks.register("register_admin_urls")
def newsletter_admin_urls():
    return [
        path(
            "newsletter/issue/<int:page_id>/send/", admin_views.send_issue, name="newsletter_send"
        ),
        path("newsletter/issue/<int:page_id>/test/", admin_views.send_test, name="newsletter_test"),
        path(
            "newsletter/send/<int:campaign_id>/",
            admin_views.campaign_detail,
            name="newsletter_campaign",
        ),
        path(
            "newsletter/subscribers/import/",
            admin_views.import_subscribers,
            name="newsletter_import",
        ),
        path(
            "newsletter/subscribers/<int:subscriber_id>/personal-data/",
            admin_views.personal_data,
            name="newsletter_personal_data",
        ),
    ]


def _send_button(page, priority):
    if isinstance(page.specific_deferred, NewsletterPage):
        return Button(
            _("Send…"),
            reverse("newsletter_send", args=[page.pk]),
            icon_name="mail",
            priority=priority,
        )
    return None


@hooks.register("register_page_listing_buttons")
def send_listing_button(page, user, next_url=None):
    button = _send_button(page, 60)
    if button and user.has_perm("newsletter.add_campaign"):
        yield button


@hooks.register("register_page_header_buttons")
def send_header_button(page, user, view_name, next_url=None):
    button = _send_button(page, 60)
    if button and user.has_perm("newsletter.add_campaign"):
        yield button


class SendMenuItem(ActionMenuItem):
    """ "Send…" in the issue editor's action menu (next to Publish), once the issue is live."""

    name = "action-newsletter-send"
    label = _("Send…")
    icon_name = "mail"

    def is_shown(self, context):
        page = context.get("page")
        return (
            context["view"] == "edit"
            and page is not None
            and page.live
            and isinstance(page.specific_deferred, NewsletterPage)
            and context["request"].user.has_perm("newsletter.add_campaign")
        )

    def get_url(self, context):
        return reverse("newsletter_send", args=[context["page"].pk])


@hooks.register("register_page_action_menu_item")
def send_action_menu_item():
    return SendMenuItem(order=70)


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return MenuItem(
        _("Import subscribers"), reverse("newsletter_import"), icon_name="upload", order=251
    )


@hooks.register("register_snippet_listing_buttons")
def personal_data_button(snippet, user, next_url=None):
    if isinstance(snippet, Subscriber) and user.has_perm("newsletter.delete_subscriber"):
        yield ListingButton(
            _("Personal data (export / erase)"),
            reverse("newsletter_personal_data", args=[snippet.pk]),
            priority=90,
        )
