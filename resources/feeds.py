"""RSS feeds, so readers can follow the library or one theme in a feed reader."""

from django.http import HttpResponse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import get_language

FEED_LENGTH = 30


def rss_response(request, *, title, link_page, items, description=""):
    """An RSS 2.0 document listing ``items`` (library pages), newest first."""
    site_link = request.build_absolute_uri(link_page.get_url(request))
    feed = Rss201rev2Feed(
        title=title,
        link=site_link,
        description=description or title,
        language=get_language(),
        feed_url=request.build_absolute_uri(),
    )
    for item in items[:FEED_LENGTH]:
        feed.add_item(
            title=item.title,
            link=request.build_absolute_uri(item.get_url(request)),
            description=item.summary,
            pubdate=item.first_published_at,
            unique_id=f"urn:uuid:{item.translation_key}:{item.locale_id}",
            categories=[item.type_label],
        )
    response = HttpResponse(content_type="application/rss+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response
