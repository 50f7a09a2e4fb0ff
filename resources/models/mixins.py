"""Listing helpers shared by every page that shows library cards."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


def paginate(request, items, per_page=12):
    """Return the requested page of ``items``: a malformed number shows the first page, one past
    the end shows the last."""
    paginator = Paginator(items, per_page)
    number = request.GET.get("page", "1")
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages if int(number) > 1 else 1)
