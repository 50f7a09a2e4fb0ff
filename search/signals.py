"""Renew the library's version in Django's cache (``resources.library.renew_library``) whenever
what it keeps may change; forget which queries have editor's picks when a pick changes."""

from functools import cache as memoised

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_unpublished, post_page_move

from resources.library import renew_library
from resources.models import Audience, LibraryPage, Organisation, Territory
from resources.models.snippets import LibraryPageTag, LibraryTag
from search.views import PROMOTED

# Saves that only touch these columns (a draft, a lock, a schedule) change nothing live.
DRAFT_ONLY = frozenset(
    """draft_title has_unpublished_changes latest_revision latest_revision_created_at locked
    locked_at locked_by go_live_at expire_at owner""".split()
)
# Image columns Wagtail fills in lazily, when an image is first shown: no change.
IMAGE_METADATA_ONLY = frozenset({"file_size", "file_hash"})


@memoised
def _senders():
    return {
        PageViewRestriction,
        Territory,
        LibraryTag,
        Organisation,
        Audience,
        LibraryPageTag,
        LibraryPage.themes.through,
        LibraryPage.territories.through,
        LibraryPage.organisations.through,
        LibraryPage.audiences.through,
        get_image_model(),
        Site,
    }


def renew_on_change(sender, instance=None, update_fields=None, **kwargs):
    if sender is SearchPromotion:
        cache.delete(PROMOTED)
        return
    if isinstance(instance, Page):
        if update_fields and set(update_fields) <= DRAFT_ONLY:
            return
    elif sender not in _senders():
        return
    elif update_fields and set(update_fields) <= IMAGE_METADATA_ONLY:
        return
    renew_library()


def renew(sender, **kwargs):
    renew_library()


def connect():
    post_save.connect(renew_on_change, dispatch_uid="library_saved")
    post_delete.connect(renew_on_change, dispatch_uid="library_deleted")
    m2m_changed.connect(renew_on_change, dispatch_uid="library_linked")
    post_page_move.connect(renew, dispatch_uid="library_moved")
    page_unpublished.connect(renew, dispatch_uid="library_unpublished")
