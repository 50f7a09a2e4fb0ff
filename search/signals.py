"""Renew the content version token (``search.facets``) whenever the library, its facets or what
its cards and menus show may change."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

from resources.models import Audience, LibraryPage, Organisation, Territory, ThemePage
from resources.models.snippets import LibraryPageTag, LibraryTag
from search.models import FacetIndexVersion, ResultCard

# Saves that only touch these columns (a draft, a lock, a schedule) change no live facet.
DRAFT_ONLY = frozenset(
    {
        "draft_title",
        "has_unpublished_changes",
        "latest_revision",
        "latest_revision_created_at",
        "locked",
        "locked_at",
        "locked_by",
        "go_live_at",
        "expire_at",
        "owner",
    }
)


def _relevant_senders():
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
        # What result cards show besides the pages: images and site addresses.
        get_image_model(),
        Site,
        # Editor's picks shown above the results (``search.views.promoted_queries``).
        SearchPromotion,
    }


# Image columns Wagtail fills in lazily, when an image is first shown or compared: no change.
IMAGE_METADATA_ONLY = frozenset({"file_size", "file_hash"})


def renew_on_change(sender, instance=None, update_fields=None, **kwargs):
    if isinstance(instance, Page):
        if update_fields and set(update_fields) <= DRAFT_ONLY:
            return
    elif sender not in _SENDERS:
        return
    elif update_fields and set(update_fields) <= IMAGE_METADATA_ONLY:
        return
    if isinstance(instance, LibraryPage):
        # An item's own fields, themes or links: its card alone is stale.
        ResultCard.objects.filter(page_id=instance.pk).delete()
        FacetIndexVersion.renew(cards=False)
    else:
        FacetIndexVersion.renew(cards=shown_on_cards(sender, instance))


def shown_on_cards(sender, instance):
    """Whether a change other than a library item's may change what stored cards show: an
    image, a site's address, a theme's title, or the address of a page with children (the
    items' addresses start with it), a view restriction (cards list only public themes). Tags,
    territories and the like are not on cards."""
    if isinstance(instance, Page):
        return isinstance(instance, ThemePage) or bool(instance.numchild)
    return sender in (get_image_model(), Site, PageViewRestriction)


def renew_on_move(sender, **kwargs):
    FacetIndexVersion.renew()


_SENDERS = set()


def connect():
    _SENDERS.update(_relevant_senders())
    post_save.connect(renew_on_change, dispatch_uid="search_facets_saved")
    post_delete.connect(renew_on_change, dispatch_uid="search_facets_deleted")
    m2m_changed.connect(renew_on_change, dispatch_uid="search_facets_linked")
    post_page_move.connect(renew_on_move, dispatch_uid="search_facets_moved")
