"""The search page's facet lists."""

from django import template
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


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
