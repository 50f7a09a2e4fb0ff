"""Re-index the dossiers whose document became private or public again.

A dossier's search document holds the text of its PDF only while the document's collection has
no view restriction (``DossierPage.document_text``). Moving a document or a collection, or adding,
changing or removing a collection's restriction, changes that without saving any page:
the dossiers using the documents concerned are re-indexed at once, in every language.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.search import index


def reindex_dossiers_of(documents):
    """Re-index the dossiers that use any of ``documents`` (a queryset or a list of ids)."""
    from resources.models import DossierPage

    for dossier in DossierPage.objects.filter(document__in=documents):
        index.insert_or_update_object(dossier)


def document_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    """A document may have changed collection: its dossiers' PDF text may appear or vanish."""
    if raw or created:
        return
    if update_fields is not None and "collection" not in update_fields:
        return
    reindex_dossiers_of([instance.pk])


def reindex_collection_tree(collection_id):
    """Re-index the dossiers of the documents in a collection and the collections below it."""
    # Read from the database: a collection object held in memory may carry a stale tree path.
    collection = Collection.objects.filter(pk=collection_id).first()
    if collection is None:  # deleted
        return
    subtree = Collection.objects.filter(path__startswith=collection.path)
    reindex_dossiers_of(get_document_model().objects.filter(collection__in=subtree))


def restriction_changed(sender, instance, raw=False, **kwargs):
    """A collection's restriction was added, changed or removed: its documents and those of
    the collections below it may have become private or public."""
    if not raw:
        reindex_collection_tree(instance.collection_id)


def collection_saved(sender, instance, created=False, raw=False, **kwargs):
    """A collection may be moving under a private one, or out of it: Wagtail's edit view saves
    it, then moves it in the same transaction, without a signal; re-index once that is done."""
    if not (raw or created):
        transaction.on_commit(lambda: reindex_collection_tree(instance.pk))


def connect():
    post_save.connect(
        document_saved, sender=get_document_model(), dispatch_uid="resources_document_moved"
    )
    for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
        signal.connect(
            restriction_changed,
            sender=CollectionViewRestriction,
            dispatch_uid=f"resources_collection_restriction_{name}",
        )
    post_save.connect(collection_saved, sender=Collection, dispatch_uid="resources_collection")
