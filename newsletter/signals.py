"""Keep the table of items cited by published issues up to date."""

from django.db import transaction
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from newsletter.models import NewsletterPage, NewsletterReference
from newsletter.rendering import cited_item_keys


def rebuild_references(page):
    with transaction.atomic():
        NewsletterReference.objects.filter(newsletter=page).delete()
        NewsletterReference.objects.bulk_create(
            NewsletterReference(newsletter=page, item_key=key) for key in cited_item_keys(page)
        )


@receiver(page_published, sender=NewsletterPage)
def on_published(sender, instance, **kwargs):
    rebuild_references(instance)


@receiver(page_unpublished, sender=NewsletterPage)
def on_unpublished(sender, instance, **kwargs):
    NewsletterReference.objects.filter(newsletter=instance).delete()
