"""Result cards of the search page, rendered once per item, language and content version."""

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from search.facets import current_token, database_key
from search.service import RecentMatches

register = template.Library()

# Each card is a few hundred bytes of HTML: 2,000 of them hold the first pages of the
# searches people make, for well under a megabyte.
rendered_cards = RecentMatches(2000)


@register.simple_tag(takes_context=True)
def result_card(context, item):
    """The card of ``item``, as ``{% include item.card_template %}`` would render it.

    A card shows only the item's own fields, its image, its themes and its address, so it is
    kept until the content version changes (any publish, move, deletion, taxonomy or image
    edit renews it: ``search.signals``).
    """
    request = context.get("request")
    # The address: relative on the item's own site, absolute from another one.
    where = (request.scheme, request.get_host()) if request is not None else None
    key = (current_token(), *database_key(), item.pk, get_language(), where)

    def render():
        card = context.template.engine.get_template(item.card_template)
        return card.render(context.new({"item": item, "request": request}))

    return mark_safe(rendered_cards.get(key, render))  # noqa: S308 - a template's output
