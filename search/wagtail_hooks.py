from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search.admin_views import ZeroResultQueriesReportView


@hooks.register("register_admin_urls")
def register_zero_result_report_urls():
    return [
        path(
            "reports/searches-without-results/",
            ZeroResultQueriesReportView.as_view(),
            name="search_zero_results",
        ),
        path(
            "reports/searches-without-results/results/",
            ZeroResultQueriesReportView.as_view(results_only=True),
            name="search_zero_results_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_zero_result_report_menu_item():
    return MenuItem(
        _("Searches without results"),
        reverse("search_zero_results"),
        name="searches-without-results",
        icon_name="search",
        order=1310,
    )
