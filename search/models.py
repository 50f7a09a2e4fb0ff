"""What the search keeps: queries that found nothing (for the editors' report)."""

from django.db import models
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
