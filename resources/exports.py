"""Spreadsheet exports from the admin: cells that a spreadsheet program would run as formulas.

Wagtail's CSV export (``SpreadsheetExportMixin``) writes values verbatim; only its XLSX export
keeps formulas out. Text typed by the public (search terms, email addresses) must not become a
formula such as ``=HYPERLINK(...)`` when an editor opens the CSV, so every admin export that
writes CSV goes through :func:`spreadsheet_safe` (via :class:`SafeSpreadsheetExportMixin`).
"""

from wagtail.contrib.search_promotions.views.reports import SearchTermsReportView

# What spreadsheet programs read as the start of a formula (OWASP's "CSV injection" list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value):
    """``value`` for a CSV cell: text starting like a formula gets a leading apostrophe, which
    spreadsheet programs show as text; other values are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeSpreadsheetExportMixin:
    """Put before Wagtail's view class: its CSV rows go through ``spreadsheet_safe``."""

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: spreadsheet_safe(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )


class SafeSearchTermsReportView(SafeSpreadsheetExportMixin, SearchTermsReportView):
    """Wagtail's "Search terms" report (search promotions), its CSV export made safe; served at
    Wagtail's own address by ``config/urls.py``."""
