from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.documents import get_document_model

        from search import signals
        from search.documents import document_saved

        signals.connect()

        post_save.connect(
            document_saved, sender=get_document_model(), dispatch_uid="search_document_text"
        )
