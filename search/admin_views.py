"""Admin report: the queries readers made that found nothing."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn, NumberColumn
from wagtail.admin.views.reports import ReportView

from resources.exports import SafeSpreadsheetExportMixin
from search.models import ZeroResultQuery


class ZeroResultQueriesReportView(SafeSpreadsheetExportMixin, ReportView):
    page_title = _("Searches without results")
    header_icon = "search"
    is_searchable = True
    search_fields = ["query_string"]
    default_ordering = "-hits"
    index_url_name = "search_zero_results"
    index_results_url_name = "search_zero_results_results"
    columns = [
        Column("query_string", label=_("Query"), sort_key="query_string"),
        Column("language", label=_("Language"), sort_key="language"),
        NumberColumn("hits", label=_("Times searched"), sort_key="hits"),
        DateColumn("last_searched_at", label=_("Last searched"), sort_key="last_searched_at"),
    ]
    export_headings = {column.name: column.label for column in columns}
    list_export = ["query_string", "language", "hits", "last_searched_at"]

    def get_base_queryset(self):
        return ZeroResultQuery.objects.all()
