"""Drop the cached site chrome (``home.chrome``) when what it shows may have changed.

Menu entries are the live, in-menu children of the home pages, addressed through the sites;
the footer shows the partners (organisations and their logos) and the contact details. A
change to any of these, published or saved, drops the chrome of every site and language.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from home.chrome import forget_chrome
from newsletter.models import ContactSettings
from resources.models import Organisation


def chrome_changed(**kwargs):
    forget_chrome()
    # Again once committed: a request reading the old rows meanwhile may have cached them.
    transaction.on_commit(forget_chrome)


def contact_saved(sender, instance, created=False, **kwargs):
    # Wagtail creates a blank row when the settings are first opened in the admin: nothing shown.
    if created and not (instance.contact_email or instance.postal_address):
        return
    chrome_changed()


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page) and sender is Page:
        chrome_changed()


def logo_saved(sender, instance, update_fields=None, **kwargs):
    # Wagtail fills in these columns lazily; the picture is the same.
    if update_fields and set(update_fields) <= {"file_size", "file_hash"}:
        return
    if Organisation.objects.filter(logo=instance, is_network_member=True).exists():
        chrome_changed()


def connect():
    uid = "home.chrome"
    page_published.connect(chrome_changed, dispatch_uid=f"{uid}.published")
    page_unpublished.connect(chrome_changed, dispatch_uid=f"{uid}.unpublished")
    post_page_move.connect(chrome_changed, dispatch_uid=f"{uid}.moved")
    post_delete.connect(page_deleted, dispatch_uid=f"{uid}.page_deleted")
    post_save.connect(contact_saved, sender=ContactSettings, dispatch_uid=f"{uid}.contact")
    post_save.connect(chrome_changed, sender=Site, dispatch_uid=f"{uid}.site")
    post_save.connect(chrome_changed, sender=Organisation, dispatch_uid=f"{uid}.organisation")
    post_save.connect(logo_saved, sender=get_image_model(), dispatch_uid=f"{uid}.logo")
    for model in (Site, ContactSettings, Organisation):
        post_delete.connect(chrome_changed, sender=model, dispatch_uid=f"{uid}.{model.__name__}.x")
