"""Background tasks (django-tasks, database queue ``mail``): mail that a reader's request asks
for leaves here, so the request neither waits for the mail server nor shows its failures."""

from django_tasks import task

from newsletter.mail import send_confirmation
from newsletter.models import Consent, Subscriber
from newsletter.tokens import new_confirm_token


@task(backend="mail")
def send_confirmation_email(consent_pk: int) -> None:
    """Send the confirmation link for one consent still waiting, with a new single-use token.

    Nothing is sent if the consent was confirmed, erased, or its subscriber is no longer
    waiting for confirmation (unsubscribed or confirmed meanwhile).
    """
    consent = (
        Consent.objects.select_related("subscriber")
        .filter(
            pk=consent_pk,
            confirmed_at__isnull=True,
            subscriber__status=Subscriber.Status.PENDING,
        )
        .first()
    )
    if consent is None:
        return
    token, token_hash = new_confirm_token()
    Consent.objects.filter(pk=consent.pk).update(token_hash=token_hash)
    send_confirmation(consent.subscriber, token)
