"""Admin registration of the library's vocabulary, searchable and filterable."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from resources.models import Audience, LibraryTag, Organisation, Territory


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "acronym", "kind", "is_network_member", "locale"]
    list_filter = ["kind", "is_network_member", "locale"]
    search_fields = ["name", "acronym"]


class TerritoryViewSet(SnippetViewSet):
    model = Territory
    icon = "site"
    list_display = ["name", "kind", "insee_code", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "insee_code"]


class AudienceViewSet(SnippetViewSet):
    model = Audience
    icon = "user"
    list_display = ["name", "locale"]
    list_filter = ["locale"]
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
