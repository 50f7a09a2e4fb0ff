"""Rate limits of the public forms (django-ratelimit, counted in Django's cache).

Each form has two budgets in ``settings.PUBLIC_FORM_RATES``: one per client IP address and one
per email address (or per subscriber, for the links sent by email). See docs/security.md.
"""

from django.conf import settings
from django_ratelimit.core import get_usage


def retry_after(request, form_name: str, address: str | None = None) -> int | None:
    """Count this POST against the form's budgets; the seconds to wait if one is spent, else None.

    Both budgets are counted on every POST, so a client cannot spend one while the other blocks.
    """
    rates = settings.PUBLIC_FORM_RATES[form_name]
    budgets = [("ip", "ip")]
    if address:
        budgets.append(("address", lambda _group, _request: address))
    waits = []
    for budget, key in budgets:
        usage = get_usage(
            request,
            group=f"public-form:{form_name}:{budget}",
            key=key,
            rate=rates[budget],
            method="POST",
            increment=True,
        )
        if usage and usage["should_limit"]:
            waits.append(max(usage["time_left"], 1))
    return max(waits) if waits else None
