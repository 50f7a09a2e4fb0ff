"""Fill a worker test database: one issue page and a campaign to N confirmed subscribers.

Run as ``python -m tests.newsletter.worker_db N`` with DJANGO_SETTINGS_MODULE and DATABASE_URL.
The campaign's content is frozen already (as the admin's "send" would), so the workers only send.
"""

import datetime
import sys


def populate(count):
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from newsletter.models import Campaign, NewsletterPage, Subscriber

    Locale.objects.get_or_create(language_code="fr")
    root = Page.get_first_root_node()
    page = NewsletterPage(
        title="Numéro test", slug="test", issue_number=1, month=datetime.date(2021, 7, 1)
    )
    root.add_child(instance=page)
    Subscriber.objects.bulk_create(
        Subscriber(email=f"reader{i}@example.org", status="confirmed", confirmed_at=timezone.now())
        for i in range(count)
    )
    body = "Bonjour. " * 200
    Campaign.objects.create(
        newsletter=page,
        languages=["fr"],
        content={
            "fr": {
                "language": "fr",
                "subject": "Numéro test",
                "html": f"<html><body><p>{body}</p></body></html>",
                "text": body,
                "fallback": False,
            }
        },
    )


if __name__ == "__main__":
    import django

    django.setup()
    populate(int(sys.argv[1]))
