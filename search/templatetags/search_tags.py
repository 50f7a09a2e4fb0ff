"""The search page's result cards (rendered once per item, language and content version) and
its facet lists."""

from django import template
from django.template import Context, Engine
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from resources.models import LibraryPage
from resources.models.pages import with_card_data
from search.facets import current_token, database_key
from search.kept import KeptResults

register = template.Library()

# Each card is a few hundred bytes of HTML: 2,000 of them hold the first pages of the
# searches people make, for well under a megabyte.
rendered_cards = KeptResults(2000)


def card_key(pk, request):
    """What a card depends on besides its item: the content version (renewed by any publish,
    move, deletion, taxonomy or image edit: ``search.signals``), the language and the address
    it is shown at (relative on the item's own site, absolute from another one)."""
    where = (request.scheme, request.get_host()) if request is not None else None
    return (current_token(), *database_key(), pk, get_language(), where)


def card_kept(request):
    """For ``LibrarySearch``: whether the card of an item is kept for this request."""
    return lambda pk: card_key(pk, request) in rendered_cards


def card_html(item, request):
    """The card of a result ``item`` (rendered once per item, language, address and content
    version), as ``{% include item.card_template with item=item %}`` would render it."""

    def render():
        shown = item
        if getattr(item, "light", False):
            # Loaded without card data because its card was kept, which has gone since.
            shown = with_card_data(LibraryPage.objects.filter(pk=item.pk), themes=False)[0]
            shown.card_themes = item.card_themes
        card = Engine.get_default().get_template(shown.card_template)
        return card.render(Context({"item": shown, "request": request}))

    return mark_safe(rendered_cards.get(card_key(item.pk, request), render))  # noqa: S308


@register.simple_tag(takes_context=True)
def result_card(context, item):
    """The card of ``item`` on the search page (``card_html``)."""
    return card_html(item, context.get("request"))


@register.simple_tag
def facet_values(facet):
    """The ``<li>`` of each value of a facet: its link, label and count.

    A facet may list a hundred values (tags, territories); the template engine would resolve
    five variables and two conditions for each, most of the page's rendering time. The markup
    is the one a template would give, every text escaped.
    """
    note = None
    items = []
    for bucket in facet["buckets"]:
        url = conditional_escape(bucket["url"])
        label, count = conditional_escape(bucket["label"]), localize(bucket["count"])
        text = f'{label} <span class="facet__count">({count})</span>'
        if bucket["selected"]:
            if note is None:
                hint = conditional_escape(gettext("(selected, select again to remove)"))
                note = f'<span class="visually-hidden"> {hint}</span>'
            items.append(
                f'<li><a href="{url}" aria-current="true" class="is-selected">{text}{note}</a></li>'
            )
        else:
            items.append(f'<li><a href="{url}">{text}</a></li>')
    return mark_safe("".join(items))  # noqa: S308 - every value above is escaped
