"""Show references in the reader's language.

wagtail-localize copies many-to-many references as they are when it creates a translation, so an
English page points at the French themes, audiences and organisations. Templates therefore show
each reference's translation in the active locale, looked up in bulk: one query per model for a
whole listing instead of one per reference.
"""

from collections import defaultdict
from collections.abc import Iterable

from wagtail.models import Locale, Page


def localize_all(objects: Iterable) -> dict:
    """Map each translatable object to its version in the active locale (itself if none)."""
    objects = [obj for obj in objects if obj is not None]
    if not objects:
        return {}
    locale = Locale.get_active()
    by_model = defaultdict(set)
    for obj in objects:
        if obj.locale_id != locale.id:
            model = Page if isinstance(obj, Page) else obj._meta.model
            by_model[model].add(obj.translation_key)
    translations = {}
    for model, keys in by_model.items():
        queryset = model.objects.filter(translation_key__in=keys, locale=locale)
        if model is Page:
            queryset = queryset.live().specific(defer=True)
        for translation in queryset:
            translations[translation.translation_key] = translation
    return {
        obj: (obj if obj.locale_id == locale.id else translations.get(obj.translation_key, obj))
        for obj in objects
    }


def localized(objects: Iterable) -> list:
    """The objects in the active locale, in the same order, without duplicates."""
    objects = list(dict.fromkeys(obj for obj in objects if obj is not None))
    mapping = localize_all(objects)
    return [mapping[obj] for obj in objects]
