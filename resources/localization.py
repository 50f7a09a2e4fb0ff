"""Show references in the reader's language.

wagtail-localize copies many-to-many references as they are when it creates a translation, so an
English page points at the French themes, audiences and organisations. Templates therefore show
each reference's translation in the active locale, looked up in bulk: one query per model for a
whole listing instead of one per reference.
"""

from collections import defaultdict
from collections.abc import Iterable
from contextvars import ContextVar

from django.core.signals import request_finished, request_started
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import get_language
from wagtail.models import Locale, Page

# language code -> Locale, for the request being served (each thread or task has its own value):
# filled while a request is served and dropped when it ends, so a rolled-back or edited Locale
# never outlives the request that saw it. None outside requests.
_request_locales: ContextVar[dict[str, Locale] | None] = ContextVar("request_locales", default=None)


def active_locale() -> Locale:
    """The Locale of the active language. ``Locale.get_active()`` queries the database on every
    call, several times per page; within a request the answer is looked up once."""
    memo = _request_locales.get()
    if memo is None:
        return Locale.get_active()
    language = get_language() or ""
    locale = memo.get(language)
    if locale is None:
        locale = memo[language] = Locale.get_active()
    return locale


@receiver(request_started)
def _start_locale_memo(**kwargs):
    _request_locales.set({})


@receiver(request_finished)
@receiver(post_save, sender=Locale)
@receiver(post_delete, sender=Locale)
def _end_locale_memo(**kwargs):
    _request_locales.set(None)


def localize_all(objects: Iterable) -> dict:
    """Map each translatable object to its version in the active locale (itself if none)."""
    objects = [obj for obj in objects if obj is not None]
    if not objects:
        return {}
    locale = active_locale()
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
