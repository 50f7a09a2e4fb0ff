"""Index updates a search engine missed, kept in the database and replayed once it answers.

modelsearch catches the engines' indexing errors so that saving and publishing still succeed
while OpenSearch/Elasticsearch is down; the document would then stay stale until the next full
``update_index``. The engine backends (``search.backends.engines``) call ``remember`` when adding
or removing a document fails, and ``replay`` after their next successful update;
``manage.py catch_up_index`` replays everything, and ``update_index`` clears what it rebuilt.
"""

import logging
import threading
from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import DatabaseError, transaction
from django.db.models import ForeignKey, ManyToManyField, prefetch_related_objects
from django.utils import timezone
from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config
from modelsearch.index import AutocompleteField, RelatedFields, SearchField
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
    found = {}
    for name in get_app_config().get_search_backend_config():
        backend = get_search_backend(name)
        if getattr(backend, "keeps_pending_updates", False):
            found[name] = backend
    return found


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
    """Apply ``backend``'s pending updates, oldest first; stop at the first engine error.

    Returns (applied, left).
    """
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


def _columns(related_model, fields):
    """The indexed fields of related objects when all are plain columns, else None."""
    names = []
    for field in fields:
        if not isinstance(field, SearchField | AutocompleteField):
            return None
        try:
            column = related_model._meta.get_field(field.field_name)
        except FieldDoesNotExist:
            return None
        if column.is_relation or not column.concrete or hasattr(column, "get_searchable_content"):
            return None
        names.append(column.attname)
    return names


def _related_values(relation, columns, pks, sample):
    """(pk, *columns) rows of a many-to-many relation, in the order of one object's manager.

    None when that order is not known here (then the objects are prefetched instead).
    """
    if isinstance(relation, TaggableManager):
        # taggit lists an object's tags in the order they were added (through table's pk).
        through = relation.through
        try:
            source = through._meta.get_field("content_object")
            tag = through._meta.get_field("tag")
        except FieldDoesNotExist:
            return None
        ordering = getattr(sample, relation.name).ordering
        if not isinstance(source, ForeignKey) or ordering != [f"{tag.related_query_name()}__pk"]:
            return None
        return (
            through._default_manager.filter(**{f"{source.attname}__in": pks})
            .order_by("pk")
            .values_list(source.attname, *(f"tag__{column}" for column in columns))
        )
    if not isinstance(relation, ManyToManyField):
        return None
    # The related model's default manager (its ordering) filtered by the relation.
    query_name = relation.related_query_name()
    related = relation.related_model._default_manager.filter(**{f"{query_name}__in": pks})
    return related.values_list(query_name, *columns)


@contextmanager
def chunk_loaded(model, objs):
    """Load in a few queries per chunk what indexing ``objs`` would query object by object.

    Yields {pk: {relation name: [row]}}: for each many-to-many RelatedFields whose indexed
    fields are plain columns, the values of those columns (one query per relation, no object
    built), rows in the fields' order (``related_texts``). Other relations to many objects are
    prefetched. A dossier's indexed PDF text (``document_text``) is loaded for the whole chunk
    too (``resources.documents.texts_loaded``). Nothing is loaded for a single object: a page being
    published may hold its relations in memory.
    """
    from resources import documents

    objs = list(objs)
    loaded = {}
    search_fields = model.get_search_fields()
    if len(objs) > 1:
        pks = [obj.pk for obj in objs]
        loaded = {pk: {} for pk in pks}
        prefetch = []
        for field in search_fields:
            if not isinstance(field, RelatedFields):
                continue
            try:
                relation = model._meta.get_field(field.field_name)
            except FieldDoesNotExist:
                continue
            if not (relation.many_to_many or relation.one_to_many):
                continue
            columns = _columns(relation.related_model, field.fields)
            values = None
            if columns is not None and not relation.auto_created:
                values = _related_values(relation, columns, pks, objs[0])
            if values is None:
                prefetch.append(field.field_name)
                continue
            for rows in loaded.values():
                rows[field.field_name] = []
            for pk, *row in values:
                loaded[pk][field.field_name].append(row)
        if prefetch:
            prefetch_related_objects(objs, *prefetch)
    document_ids = []
    if len(objs) > 1 and any(
        isinstance(field, SearchField) and field.field_name == "document_text"
        for field in search_fields
    ):
        document_ids = [getattr(obj, "document_id", None) for obj in objs]
    with documents.texts_loaded(document_ids):
        yield loaded


def related_texts(field, rows):
    """(kind, boost, value) of loaded related rows, as the related objects' fields give them."""
    for row in rows:
        for sub_field, value in zip(field.fields, row, strict=True):
            if isinstance(sub_field, AutocompleteField):
                yield "autocomplete", 1, value
            else:
                yield "body", sub_field.boost or 1, value
