"""Index updates a search engine missed (``remember``), replayed after its next successful
update or by ``manage.py catch_up_index``; and what indexing a chunk loads at once (``prepared``).
"""

import logging
import threading
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.db.models import ForeignKey, prefetch_related_objects
from django.utils import timezone
from modelcluster.queryset import FakeQuerySet
from modelsearch.backends import get_search_backends_with_name
from modelsearch.index import RelatedFields
from taggit.managers import TaggableManager

logger = logging.getLogger(__name__)
REPLAY_AFTER_SUCCESS = 50
_replaying = threading.local()


def remember(backend, obj):
    """Record that ``obj``'s document in ``backend``'s indexes is out of date."""
    from search.models import PendingIndexUpdate

    try:
        with transaction.atomic():
            PendingIndexUpdate.objects.update_or_create(
                content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
                object_id=str(obj.pk),
                index_prefix=backend.index_prefix,
                defaults={"failed_at": timezone.now()},
            )
    except DatabaseError:
        logger.exception("Could not record the missed index update of %r", obj)


def engine_backends():
    """{name: backend} for the configured backends that keep a queue (the engines)."""
    return {
        name: backend
        for name, backend in get_search_backends_with_name()
        if getattr(backend, "keeps_pending_updates", False)
    }


def _apply(backend, entry):
    model = entry.content_type.model_class()
    if model is None:
        return
    obj = model.get_indexed_objects().filter(pk=entry.object_id).first()
    if obj is not None and hasattr(obj, "get_indexed_instance"):
        obj = obj.get_indexed_instance() or obj
    if obj is None:
        backend.delete(model(pk=model._meta.pk.to_python(entry.object_id)), queue=False)
    else:
        backend.add(obj, queue=False)


def replay(backend, limit=None):
    """Apply ``backend``'s pending updates, oldest first, until an engine error: (applied, left)."""
    from search.models import PendingIndexUpdate
    from search.service import ENGINE_ERRORS

    if getattr(_replaying, "active", False):
        return 0, None
    _replaying.active = True
    applied = 0
    try:
        entries = PendingIndexUpdate.objects.filter(index_prefix=backend.index_prefix)
        for entry in entries.select_related("content_type")[:limit]:
            try:
                _apply(backend, entry)
            except ENGINE_ERRORS as error:
                logger.warning("Search engine still unavailable, %r kept: %r", entry, error)
                break
            PendingIndexUpdate.objects.filter(pk=entry.pk, failed_at=entry.failed_at).delete()
            applied += 1
    finally:
        _replaying.active = False
    return applied, entries.count()


def clear(backend, before):
    """Forget ``backend``'s pending updates recorded before ``before`` (a rebuild covered them)."""
    from search.models import PendingIndexUpdate

    PendingIndexUpdate.objects.filter(
        index_prefix=backend.index_prefix, failed_at__lt=before
    ).delete()


@contextmanager
def prepared(model, objs):
    """Within the block, indexing ``objs`` (a chunk) reads no relation object by object: their
    many-to-many relations are prefetched and the dossiers' PDF texts loaded at once. Nothing
    is loaded for a single object: a page being published may hold its relations in memory."""
    from resources import documents

    document_ids = []
    if len(objs) > 1:
        many = []
        for field in model.get_search_fields():
            if isinstance(field, RelatedFields):
                relation = field.get_field(model)
                if not _load_tags(relation, objs) and (
                    relation.many_to_many or relation.one_to_many
                ):
                    many.append(field.field_name)
        prefetch_related_objects(objs, *many)
        document_ids = [getattr(obj, "document_id", None) for obj in objs]
    with documents.texts_loaded(document_ids):
        yield


def _load_tags(relation, objs):
    """Each object's tags in one query, in the order its own manager lists them (as added;
    taggit's prefetch leaves them in the database's order). False for other relations."""
    if not isinstance(relation, TaggableManager):
        return False
    source = relation.through._meta.get_field("content_object")
    if not isinstance(source, ForeignKey):  # generic tags (images, documents): prefetched
        return False
    tags = {obj.pk: [] for obj in objs}
    rows = relation.through.objects.filter(**{f"{source.attname}__in": list(tags)})
    for row in rows.select_related("tag").order_by("pk"):
        tags[getattr(row, source.attname)].append(row.tag)
    for obj in objs:
        cache = obj.__dict__.setdefault("_prefetched_objects_cache", {})
        cache[relation.name] = FakeQuerySet(relation.related_model, tags[obj.pk])
    return True
