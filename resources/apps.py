from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Library")

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.documents import get_document_model

        from resources import signals
        from resources.documents import document_saved

        signals.connect()

        post_save.connect(
            document_saved, sender=get_document_model(), dispatch_uid="resources_document_text"
        )
