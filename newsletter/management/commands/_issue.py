from django.core.management.base import CommandError
from wagtail.models import Locale

from newsletter.models import NewsletterPage


def find_issue(slug, language=None):
    issues = NewsletterPage.objects.filter(slug=slug)
    issue = issues.first()
    if issue is None:
        raise CommandError(f"No newsletter issue with the slug {slug!r}.")
    if language:
        locale = Locale.objects.filter(language_code=language).first()
        translated = issue.get_translation_or_none(locale) if locale else None
        if translated is None:
            raise CommandError(f"The issue has no {language!r} version.")
        issue = translated
    return issue
