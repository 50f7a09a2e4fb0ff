"""The newsletter: issues, subscribers and consent, sends and per-recipient deliveries."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from newsletter.blocks import NewsletterBodyBlock
from resources.models.pages import SectionIndexPage

LANGUAGE_CHOICES = [("fr", _("French")), ("en", _("English"))]


@register_setting(icon="mail")
class ContactSettings(BaseSiteSetting):
    """How readers reach the network: shown in the site footer and at the end of each issue."""

    contact_email = models.EmailField(_("contact email"), blank=True)
    postal_address = models.TextField(_("postal address"), blank=True)

    panels = [FieldPanel("contact_email"), FieldPanel("postal_address")]

    class Meta:
        verbose_name = _("contact details")


class NewsletterIndexPage(SectionIndexPage):
    """The archive of issues, newest first, with the sign-up form."""

    subpage_types = ["newsletter.NewsletterPage"]

    class Meta:
        verbose_name = _("newsletter archive")

    def issues(self):
        return (
            NewsletterPage.objects.child_of(self)
            .live()
            .public()
            .select_related("theme")
            .order_by("-month", "-issue_number")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["issues"] = self.issues()
        return context


class NewsletterPage(Page):
    """One monthly issue. The page is the web version; the email is rendered from the same data."""

    issue_number = models.PositiveIntegerField(_("issue number"))
    month = models.DateField(_("month"), help_text=_("Any day of the issue's month."))
    theme = models.ForeignKey(
        "resources.ThemePage",
        verbose_name=_("theme of the month"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    preheader = models.CharField(
        _("preheader"),
        max_length=150,
        blank=True,
        help_text=_("The line mail programs show after the subject."),
    )
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(NewsletterBodyBlock(), verbose_name=_("sections"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldRowPanel([FieldPanel("issue_number"), FieldPanel("month")]),
        FieldPanel("theme"),
        FieldPanel("preheader"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["newsletter.NewsletterIndexPage"]
    subpage_types = []

    preview_modes = [("", _("Web")), ("email", _("Email (HTML)")), ("text", _("Email (text)"))]
    default_preview_mode = ""

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")

    def save(self, *args, **kwargs):
        if self.month:
            self.month = self.month.replace(day=1)
        super().save(*args, **kwargs)

    @property
    def subject(self):
        return self.title

    def get_context(self, request, *args, **kwargs):
        from newsletter.rendering import compose

        context = super().get_context(request, *args, **kwargs)
        context["sections"] = compose(self, mode="web", request=request)
        return context

    def serve_preview(self, request, mode_name):
        from django.http import HttpResponse

        from newsletter.rendering import render_email

        if mode_name == "email":
            return HttpResponse(render_email(self, request=request).html)
        if mode_name == "text":
            return HttpResponse(
                render_email(self, request=request).text, content_type="text/plain; charset=utf-8"
            )
        return super().serve_preview(request, mode_name)


class NewsletterReference(models.Model):
    """A library item cited by a published issue; rebuilt each time the issue is published."""

    newsletter = models.ForeignKey(
        NewsletterPage, on_delete=models.CASCADE, related_name="references"
    )
    item_key = models.UUIDField(_("item translation key"), db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["newsletter", "item_key"], name="unique_reference")
        ]

    def __str__(self):
        return f"{self.newsletter_id} → {self.item_key}"


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    email = models.EmailField(_("email address"), max_length=254)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES, default="fr")
    themes = models.ManyToManyField(
        "resources.ThemePage", verbose_name=_("followed themes"), blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)

    panels = [
        FieldPanel("email"),
        FieldPanel("language"),
        FieldPanel("status"),
        FieldPanel("themes"),
    ]

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [models.UniqueConstraint(Lower("email"), name="subscriber_email_ci_unique")]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    @property
    def theme_keys(self):
        return {theme.translation_key for theme in self.themes.all()}


def normalize_email(address: str) -> str:
    """Trim, and lower-case the domain (the local part is the mail server's business)."""
    address = (address or "").strip()
    local, sep, domain = address.rpartition("@")
    return f"{local}@{domain.lower()}" if sep else address


class Consent(models.Model):
    """What a person agreed to, where, and when they confirmed it."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    created_at = models.DateTimeField(_("given at"), default=timezone.now)
    source = models.CharField(_("form or source"), max_length=100)
    wording_version = models.CharField(_("wording version"), max_length=20)
    wording = models.TextField(_("wording shown"), blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # SHA-256 of the confirmation link's random token; emptied when used or on unsubscribing.
    token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        verbose_name = _("consent")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subscriber_id} {self.source} {self.created_at:%Y-%m-%d}"


class Campaign(models.Model):
    """One send of an issue to an audience; holds the content exactly as sent, per language."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        DONE = "done", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    newsletter = models.ForeignKey(
        NewsletterPage, on_delete=models.PROTECT, related_name="campaigns"
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    scheduled_at = models.DateTimeField(_("send at"), default=timezone.now)
    languages = models.JSONField(_("languages"), default=list)
    theme_keys = models.JSONField(_("themes followed (any)"), default=list, blank=True)
    content = models.JSONField(_("content as sent"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter send")
        verbose_name_plural = _("newsletter sends")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.newsletter} ({self.get_status_display()})"

    def progress(self):
        counts = dict(
            self.deliveries.values_list("status").annotate(n=models.Count("pk")).order_by()
        )
        total = sum(counts.values())
        sent = counts.get(Delivery.Status.SENT, 0)
        failed = counts.get(Delivery.Status.FAILED, 0) + counts.get(Delivery.Status.BOUNCED, 0)
        skipped = counts.get(Delivery.Status.SKIPPED, 0)
        return {
            "total": total,
            "sent": sent,
            "failed": failed,
            "skipped": skipped,
            "remaining": total - sent - failed - skipped,
        }


class Delivery(models.Model):
    """One recipient of one send: the unit the workers claim, send and mark."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        BOUNCED = "bounced", _("Bounced")
        SKIPPED = "skipped", _("Skipped (unsubscribed meanwhile)")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber, null=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    email = models.EmailField(max_length=254)
    language = models.CharField(max_length=5)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    message_id = models.CharField(max_length=255, blank=True)
    claim_token = models.UUIDField(null=True, blank=True, db_index=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "subscriber"], name="unique_delivery")
        ]
        indexes = [models.Index(fields=["campaign", "status"])]

    def __str__(self):
        return f"{self.email} ({self.status})"


class Click(models.Model):
    """Clicks on one library item's link in one issue (no per-person tracking)."""

    newsletter = models.ForeignKey(NewsletterPage, on_delete=models.CASCADE, related_name="clicks")
    item = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["newsletter", "item"], name="unique_click")]

    def __str__(self):
        return f"{self.newsletter_id}/{self.item_id}: {self.count}"
