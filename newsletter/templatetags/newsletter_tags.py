from django import template
from django.utils import translation
from wagtail.models import Locale

from newsletter.forms import SubscribeForm
from newsletter.models import NewsletterPage

register = template.Library()


@register.inclusion_tag("newsletter/includes/signup_form.html", takes_context=True)
def newsletter_signup_form(context, source="page"):
    """The sign-up form, for the home page, the archive, theme pages and issues."""
    language = translation.get_language() or "fr"
    form = SubscribeForm(initial={"language": language[:2], "source": source})
    return {
        "form": form,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("newsletter/includes/mentions.html")
def newsletter_mentions(page):
    """Links to the published issues that cite this library item, in the reader's language."""
    issues = list(
        NewsletterPage.objects.live()
        .public()
        .filter(references__item_key=page.translation_key)
        .order_by("-month", "-issue_number")
        .distinct()
    )
    locale = Locale.get_active()
    by_key = {}
    for issue in issues:
        current = by_key.get(issue.translation_key)
        if current is None or issue.locale_id == locale.pk:
            by_key[issue.translation_key] = issue
    translations = {
        t.translation_key: t
        for t in NewsletterPage.objects.live().filter(
            translation_key__in=by_key.keys(), locale=locale
        )
    }
    shown = [translations.get(key, issue) for key, issue in by_key.items()]
    shown.sort(key=lambda issue: (issue.month, issue.issue_number), reverse=True)
    return {"issues": shown}
