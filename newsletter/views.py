"""Public newsletter views: subscribe, confirm, preferences, one-click unsubscribe, click redirect.

Every bad input ends in a 4xx page with a human message, never a 500, never a foreign redirect.
"""

from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from newsletter.forms import CONSENT_VERSION, CONSENT_WORDING, PreferencesForm, SubscribeForm
from newsletter.limits import retry_after
from newsletter.models import Click, Consent, NewsletterPage, Subscriber, normalize_email
from newsletter.tasks import send_confirmation_email
from newsletter.tokens import (
    BadToken,
    confirm_max_age,
    confirm_token_hash,
    read_click_token,
    read_preferences_token,
)


def message_page(request, title, message, status=200, **extra):
    context = {"page_title": title, "message": message, **extra}
    return render(request, "newsletter/message.html", context, status=status)


def bad_link(request):
    return message_page(
        request,
        _("This link does not work"),
        _(
            "The link is damaged or has expired. Copy it again in full from the email, or "
            "subscribe again from the site."
        ),
        status=400,
    )


def too_many_requests(request, wait: int):
    """429 in the reader's language: a page, or JSON for a client that asked only for JSON."""
    title = _("Too many attempts")
    message = _("You have sent this form too many times. Please wait a few minutes and try again.")
    if request.accepts("application/json") and not request.accepts("text/html"):
        response = JsonResponse({"error": str(title), "detail": str(message)}, status=429)
    else:
        response = message_page(request, title, message, status=429)
    response["Retry-After"] = str(wait)
    return response


def _subscriber_key(token):
    """The rate-limit key of a preferences/unsubscribe link: its subscriber, if the link is good."""
    try:
        return f"subscriber:{read_preferences_token(token)}"
    except BadToken:
        return None


@require_POST
def subscribe(request):
    address = normalize_email(str(request.POST.get("email", ""))[:254]).lower()
    if wait := retry_after(request, "subscribe", address):
        return too_many_requests(request, wait)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "newsletter/subscribe.html",
            {"form": form, "page_title": _("Subscribe to the newsletter")},
            status=400,
        )
    data = form.cleaned_data
    email = normalize_email(data["email"])
    now = timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email__iexact=email).first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(email=email, language=data["language"])
            except IntegrityError:  # the same address submitted twice at the same moment
                subscriber = Subscriber.objects.get(email__iexact=email)
        # One confirmation per address per interval: a repeat within it changes nothing.
        interval = timedelta(seconds=settings.NEWSLETTER_CONFIRM_INTERVAL)
        waiting = subscriber.status == Subscriber.Status.PENDING and (
            subscriber.consents.filter(
                confirmed_at__isnull=True, created_at__gt=now - interval
            ).exists()
        )
        if subscriber.status != Subscriber.Status.CONFIRMED and not waiting:
            subscriber.status = Subscriber.Status.PENDING
            subscriber.language = data["language"]
            subscriber.save(update_fields=["status", "language", "email"])
            subscriber.themes.set(data["themes"])
            consent = Consent.objects.create(
                subscriber=subscriber,
                source=f"form:{data['source']}",
                wording_version=CONSENT_VERSION,
                wording=str(CONSENT_WORDING),
            )
            # The worker sends the message: the answer does not depend on the mail server.
            send_confirmation_email.enqueue(consent.pk)
    # Same answer whether or not the address was known: nothing to learn about others.
    return message_page(
        request,
        _("Check your inbox"),
        _(
            "If this address is not subscribed yet, we have just sent it a message with a "
            "confirmation link. Your subscription starts when you open it."
        ),
    )


def _waiting_consent(token):
    """The unconfirmed, unexpired consent whose confirmation link carries ``token``, or None."""
    oldest = timezone.now() - timedelta(seconds=confirm_max_age())
    return (
        Consent.objects.select_related("subscriber")
        .filter(
            token_hash=confirm_token_hash(token),
            confirmed_at__isnull=True,
            created_at__gte=oldest,
            subscriber__status=Subscriber.Status.PENDING,
        )
        .exclude(token_hash="")
        .first()
    )


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    """Double opt-in: a GET shows a button (link scanners must not confirm), the POST confirms.

    The link works once: confirming, or unsubscribing, empties its token's hash.
    """
    if request.method == "POST" and (wait := retry_after(request, "confirm", token[:200])):
        return too_many_requests(request, wait)
    consent = _waiting_consent(token)
    if consent is None:
        return bad_link(request)
    if request.method == "GET":
        return render(
            request,
            "newsletter/confirm.html",
            {"page_title": _("Confirm your subscription"), "subscriber": consent.subscriber},
        )
    now = timezone.now()
    with transaction.atomic():
        used = Consent.objects.filter(
            pk=consent.pk, token_hash=consent.token_hash, confirmed_at__isnull=True
        ).update(confirmed_at=now, token_hash="")
        if not used:  # confirmed by a concurrent request
            return bad_link(request)
        Subscriber.objects.filter(pk=consent.subscriber_id).update(
            status=Subscriber.Status.CONFIRMED, confirmed_at=now, unsubscribed_at=None
        )
        # Older links of the same person must not confirm anything later.
        Consent.objects.filter(subscriber_id=consent.subscriber_id).exclude(token_hash="").update(
            token_hash=""
        )
    return message_page(
        request,
        _("Subscription confirmed"),
        _("Thank you! You will receive the next issue of the newsletter."),
    )


def _subscriber_from(token):
    pk = read_preferences_token(token)
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None:
        raise BadToken("unknown subscriber")
    return subscriber


def unsubscribe_now(subscriber):
    """Unsubscribe, and void the confirmation links already sent (they must not re-subscribe)."""
    with transaction.atomic():
        Subscriber.objects.filter(pk=subscriber.pk).exclude(
            status=Subscriber.Status.UNSUBSCRIBED
        ).update(status=Subscriber.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now())
        Consent.objects.filter(subscriber_id=subscriber.pk).exclude(token_hash="").update(
            token_hash=""
        )


@require_http_methods(["GET", "POST"])
def preferences(request, token):
    if request.method == "POST" and (
        wait := retry_after(request, "preferences", _subscriber_key(token))
    ):
        return too_many_requests(request, wait)
    try:
        subscriber = _subscriber_from(token)
    except BadToken:
        return bad_link(request)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            subscriber.language = form.cleaned_data["language"]
            subscriber.save(update_fields=["language"])
            subscriber.themes.set(form.cleaned_data["themes"])
            return message_page(
                request, _("Preferences saved"), _("Your preferences have been saved.")
            )
        status = 400
    else:
        form = PreferencesForm(
            initial={"language": subscriber.language, "themes": subscriber.themes.all()}
        )
        status = 200
    return render(
        request,
        "newsletter/preferences.html",
        {
            "page_title": _("Your newsletter preferences"),
            "form": form,
            "subscriber": subscriber,
            "token": token,
        },
        status=status,
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """RFC 8058: a POST unsubscribes at once, without login or CSRF; a GET only asks."""
    if request.method == "POST" and (
        wait := retry_after(request, "unsubscribe", _subscriber_key(token))
    ):
        return too_many_requests(request, wait)
    try:
        subscriber = _subscriber_from(token)
    except BadToken:
        return bad_link(request)
    if request.method == "POST":
        unsubscribe_now(subscriber)
        return message_page(
            request,
            _("You are unsubscribed"),
            _("You will not receive the newsletter any more."),
        )
    return render(
        request,
        "newsletter/unsubscribe.html",
        {"page_title": _("Unsubscribe"), "subscriber": subscriber, "token": token},
    )


def click(request, token):
    """Count a click on a library item's link in an issue, then go to the item (on this site)."""
    try:
        newsletter_pk, page_pk = read_click_token(token)
    except BadToken:
        return bad_link(request)
    target = Page.objects.live().filter(pk=page_pk).first()
    if target is None or not NewsletterPage.objects.filter(pk=newsletter_pk).exists():
        return message_page(
            request,
            _("Page not found"),
            _("This item is no longer online. Browse the library for more."),
            status=404,
        )
    updated = Click.objects.filter(newsletter_id=newsletter_pk, item_id=page_pk).update(
        count=F("count") + 1
    )
    if not updated:
        try:
            with transaction.atomic():
                Click.objects.create(newsletter_id=newsletter_pk, item_id=page_pk, count=1)
        except IntegrityError:
            Click.objects.filter(newsletter_id=newsletter_pk, item_id=page_pk).update(
                count=F("count") + 1
            )
    url = target.specific_deferred.get_url(request) or "/"
    if not url.startswith("/") or url.startswith("//"):
        parts = target.get_url_parts(request)
        url = parts[2] if parts else "/"
    return HttpResponseRedirect(url)
