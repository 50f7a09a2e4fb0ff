"""What the search keeps: queries that found nothing (for the editors' report)."""

from django.db import connection, models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ZeroResultQuery(models.Model):
    """A query (normalised) that found no library item, with how often and when it was last made."""

    query_string = models.CharField(_("query"), max_length=255)
    language = models.CharField(_("language"), max_length=8)
    hits = models.PositiveIntegerField(_("times searched"), default=0)
    last_searched_at = models.DateTimeField(_("last searched at"), default=timezone.now)

    class Meta:
        verbose_name = _("query without results")
        verbose_name_plural = _("queries without results")
        ordering = ["-hits", "-last_searched_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["query_string", "language"], name="unique_zero_result_query"
            )
        ]

    def __str__(self):
        return self.query_string

    @classmethod
    def record(cls, query_string: str, language: str):
        """Count one more search of ``query_string`` that found nothing."""
        query_string = " ".join(query_string.lower().split())[:255]
        if not query_string:
            return
        entry, _created = cls.objects.get_or_create(query_string=query_string, language=language)
        cls.objects.filter(pk=entry.pk).update(hits=F("hits") + 1, last_searched_at=timezone.now())


QUERY_UPSERT = """
INSERT INTO {queries} (query_string) VALUES (%s)
ON CONFLICT (query_string) DO UPDATE SET query_string = EXCLUDED.query_string
RETURNING id
"""
HITS_UPSERT = """
INSERT INTO {hits} (query_id, date, hits) VALUES (%s, %s, 1)
ON CONFLICT (query_id, date) DO UPDATE SET hits = {hits}.hits + 1
"""
# PostgreSQL: both in one statement, one round trip and one commit, which does not wait for the
# disk (``synchronous_commit`` off for this transaction only): a crash may lose the last hits.
BOTH_UPSERTS = """
WITH unflushed AS (SELECT set_config('synchronous_commit', 'off', true)),
counted AS (
    INSERT INTO {queries} (query_string) VALUES (%s)
    ON CONFLICT (query_string) DO UPDATE SET query_string = EXCLUDED.query_string
    RETURNING id
)
INSERT INTO {hits} (query_id, date, hits)
SELECT id, CAST(%s AS date), 1 FROM counted, unflushed
ON CONFLICT (query_id, date) DO UPDATE SET hits = {hits}.hits + 1
RETURNING query_id
"""


def count_query(query_string: str):
    """``Query.get(query_string).add_hit()`` in two upserts (one statement on PostgreSQL)
    instead of five statements: concurrent searches cannot lose a hit."""
    from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
    from wagtail.search.utils import normalise_query_string

    normalised = normalise_query_string(query_string)
    quote = connection.ops.quote_name
    tables = {
        "queries": quote(Query._meta.db_table),
        "hits": quote(QueryDailyHits._meta.db_table),
    }
    today = timezone.now().date().isoformat()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(BOTH_UPSERTS.format(**tables), [normalised, today])
            (query_id,) = cursor.fetchone()
        else:
            cursor.execute(QUERY_UPSERT.format(**tables), [normalised])
            (query_id,) = cursor.fetchone()
            cursor.execute(HITS_UPSERT.format(**tables), [query_id, today])
    return Query(pk=query_id, query_string=normalised)


class PendingIndexUpdate(models.Model):
    """An index update a search engine missed (it was down or timing out): see
    ``search.indexing``."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, verbose_name=_("content type")
    )
    object_id = models.CharField(_("object id"), max_length=64)
    index_prefix = models.CharField(_("index prefix"), max_length=100)
    failed_at = models.DateTimeField(_("failed at"), default=timezone.now)

    class Meta:
        verbose_name = _("pending index update")
        verbose_name_plural = _("pending index updates")
        ordering = ["failed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "index_prefix"],
                name="unique_pending_index_update",
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}@{self.index_prefix}"
