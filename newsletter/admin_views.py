"""Admin views: send an issue (audience, count, now or later), progress and clicks, test send,
subscriber import, and one person's data (export or erase)."""

import csv
import io
import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from newsletter import sending
from newsletter.forms import ThemesField
from newsletter.mail import content_of, issue_message, new_message_id
from newsletter.models import (
    LANGUAGE_CHOICES,
    Campaign,
    Click,
    Consent,
    NewsletterPage,
    Subscriber,
    normalize_email,
)
from newsletter.rendering import render_email


def _require(user, perm):
    if not user.has_perm(perm):
        raise PermissionDenied


class AudienceForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=gettext_lazy("Languages"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=[code for code, _label in LANGUAGE_CHOICES],
    )
    themes = ThemesField(gettext_lazy("Only readers following one of these themes (optional)"))
    send_at = forms.DateTimeField(
        label=gettext_lazy("Send at (empty: now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )

    def __init__(self, *args, **kwargs):
        from resources.models import ThemePage

        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = ThemePage.objects.live().filter(
            locale=Locale.get_default()
        )


def send_issue(request, page_id):
    """Choose the audience, see how many it reaches, then send now or schedule."""
    _require(request.user, "newsletter.add_campaign")
    page = get_object_or_404(NewsletterPage, pk=page_id)
    versions = sending.issue_versions(page)
    form = AudienceForm(request.POST or None)
    count = None
    if request.method == "POST" and form.is_valid():
        languages = form.cleaned_data["languages"]
        theme_keys = [t.translation_key for t in form.cleaned_data["themes"]]
        count = sending.audience(languages, theme_keys).count()
        if not page.live:
            messages.error(request, _("Publish the issue before sending it."))
        elif "confirm" in request.POST and count:
            campaign = sending.schedule(
                page,
                languages=languages,
                theme_keys=theme_keys,
                when=form.cleaned_data["send_at"] or timezone.now(),
                user=request.user,
            )
            messages.success(request, _("The issue is queued for %(n)d readers.") % {"n": count})
            return redirect("newsletter_campaign", campaign.pk)
    fallbacks = [code for code, (_version, fallback) in versions.items() if fallback]
    return TemplateResponse(
        request,
        "newsletter/admin/send.html",
        {
            "page": page,
            "form": form,
            "count": count,
            "fallbacks": fallbacks,
            "campaigns": page.campaigns.all()[:20],
        },
    )


def campaign_detail(request, campaign_id):
    _require(request.user, "newsletter.view_campaign")
    campaign = get_object_or_404(Campaign.objects.select_related("newsletter"), pk=campaign_id)
    clicks = (
        Click.objects.filter(newsletter__translation_key=campaign.newsletter.translation_key)
        .select_related("item", "newsletter__locale")
        .order_by("-count")
    )
    return TemplateResponse(
        request,
        "newsletter/admin/campaign.html",
        {"campaign": campaign, "progress": campaign.progress(), "clicks": clicks},
    )


@require_POST
def send_test(request, page_id):
    """Send the issue to the signed-in editor's own address."""
    page = get_object_or_404(NewsletterPage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if not request.user.email:
        messages.error(request, _("Your account has no email address."))
    else:
        issue_message(
            content_of(render_email(page)),
            subscriber_pk=0,
            to=request.user.email,
            message_id=new_message_id(),
        ).send()
        messages.success(request, _("Test sent to %(email)s.") % {"email": request.user.email})
    return redirect("newsletter_send", page.pk)


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("CSV file (columns: email, language)"))
    source = forms.CharField(
        label=gettext_lazy("Where these people gave their consent"), max_length=80
    )
    confirmed = forms.BooleanField(
        label=gettext_lazy("They already confirmed their address (double opt-in done elsewhere)"),
        required=False,
    )


def import_subscribers(request):
    _require(request.user, "newsletter.add_subscriber")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = _import(form.cleaned_data)
    return TemplateResponse(
        request, "newsletter/admin/import.html", {"form": form, "report": report}
    )


def _import(data):
    raw = data["file"].read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return {"errors": [_("The file is not UTF-8 text.")], "created": 0, "skipped": 0}
    created, skipped, errors = 0, 0, []
    now = timezone.now()
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        email = normalize_email(row.get("email") or "")
        language = (row.get("language") or "fr").strip()[:2]
        try:
            validate_email(email)
        except ValidationError:
            errors.append(_("Line %(line)d: not an email address.") % {"line": line})
            continue
        if language not in dict(LANGUAGE_CHOICES):
            language = "fr"
        if Subscriber.objects.filter(email__iexact=email).exists():
            skipped += 1
            continue
        try:
            with transaction.atomic():
                status = "confirmed" if data["confirmed"] else "pending"
                person = Subscriber.objects.create(
                    email=email,
                    language=language,
                    status=status,
                    confirmed_at=now if data["confirmed"] else None,
                )
                Consent.objects.create(
                    subscriber=person,
                    source=f"import:{data['source']}",
                    wording_version="import",
                    confirmed_at=person.confirmed_at,
                )
        except IntegrityError:
            skipped += 1
            continue
        created += 1
    return {"created": created, "skipped": skipped, "errors": errors}


def personal_data(request, subscriber_id):
    """GDPR: a page offering the JSON export (``?format=json``) of everything held about one
    person, and its erasure (POST)."""
    _require(request.user, "newsletter.delete_subscriber")
    person = get_object_or_404(Subscriber, pk=subscriber_id)
    if request.method == "POST":
        email = person.email
        person.deliveries.update(email="erased@invalid")
        person.delete()
        messages.success(request, _("All data about %(email)s was erased.") % {"email": email})
        return redirect("wagtailsnippets_newsletter_subscriber:list")
    if request.GET.get("format") != "json":
        return TemplateResponse(request, "newsletter/admin/personal_data.html", {"person": person})
    data = {
        "email": person.email,
        "language": person.language,
        "status": person.status,
        "created_at": person.created_at.isoformat(),
        "confirmed_at": person.confirmed_at.isoformat() if person.confirmed_at else None,
        "unsubscribed_at": person.unsubscribed_at.isoformat() if person.unsubscribed_at else None,
        "themes": [t.title for t in person.themes.all()],
        "consents": [
            {
                "given_at": c.created_at.isoformat(),
                "source": c.source,
                "wording_version": c.wording_version,
                "wording": c.wording,
                "confirmed_at": c.confirmed_at.isoformat() if c.confirmed_at else None,
            }
            for c in person.consents.all()
        ],
        "deliveries": [
            {"issue": d.campaign.newsletter.title, "status": d.status, "sent_at": str(d.sent_at)}
            for d in person.deliveries.select_related("campaign__newsletter")
        ],
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="subscriber-{person.pk}.json"'
    return response
