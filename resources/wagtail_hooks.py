"""Admin registration of the library's vocabulary, searchable and filterable."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from resources.models import Audience, LibraryTag, Organisation, Territory
from resources.signals import reindex_dossiers_of


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "acronym", "kind", "is_network_member", "locale"]
    # Wagtail adds the locale filter (?locale=fr) to translatable snippets by itself; listing
    # "locale" here too makes a second one, by id, whose ?locale=2 ends in a 404.
    list_filter = ["kind", "is_network_member"]
    # Indexed models are searched over their own AutocompleteFields: giving ``search_fields``
    # here makes the SQLite search backend fail ("no such column", wagtail#10217).


class TerritoryViewSet(SnippetViewSet):
    """Searched like organisations, over the model's AutocompleteFields."""

    model = Territory
    icon = "site"
    list_display = ["name", "kind", "insee_code", "parent"]
    list_filter = ["kind"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "user"
    list_display = ["name", "locale"]
    search_fields = ["name"]


class LibraryTagViewSet(SnippetViewSet):
    model = LibraryTag
    icon = "tag"
    list_display = ["name", "name_en", "slug"]
    search_fields = ["name", "name_en"]


class TaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Taxonomy")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (OrganisationViewSet, TerritoryViewSet, AudienceViewSet, LibraryTagViewSet)


register_snippet(TaxonomyGroup)


@hooks.register("after_bulk_action")
def reindex_dossiers_of_moved_documents(request, action_type, objects, action_class_instance):
    """The documents listing's "add to collection" moves documents with one UPDATE (no
    ``post_save``): their dossiers' PDF text may have become private or public."""
    if action_type == "add_to_collection" and action_class_instance.model is get_document_model():
        reindex_dossiers_of([document.pk for document in objects])
