"""The facet lists written by ``facet_values`` are the markup the template loop gave."""

from django.template import engines
from django.utils import translation
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from search.templatetags.search_tags import facet_values

# The loop the search page's template held before the tag, kept here as the reference.
TEMPLATE_LOOP = (
    "{% load i18n %}{% for bucket in facet.buckets %}"
    '<li><a href="{{ bucket.url }}"{% if bucket.selected %} aria-current="true"'
    ' class="is-selected"{% endif %}>{{ bucket.label }} <span class="facet__count">'
    "({{ bucket.count }})</span>{% if bucket.selected %}<span"
    ' class="visually-hidden"> {% translate "(selected, select again to remove)" %}</span>'
    "{% endif %}</a></li>{% endfor %}"
)

text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30)
buckets = st.lists(
    st.fixed_dictionaries(
        {
            "url": text.map(lambda t: "?" + t),
            "label": text | st.sampled_from(["<b>École</b>", "l'entraide & co", '"quoted"']),
            "count": st.integers(0, 2_000_000),
            "selected": st.booleans(),
        }
    ),
    max_size=25,
)


@hypothesis_settings(max_examples=200, deadline=None)
@given(buckets, st.sampled_from(["fr", "en"]))
def test_facet_values_match_the_template_loop(found, language):
    facet = {"name": "tag", "buckets": found}
    with translation.override(language):
        expected = engines["django"].from_string(TEMPLATE_LOOP).render({"facet": facet})
        assert str(facet_values(facet)) == expected


def test_a_selected_value_says_so_in_the_readers_language():
    facet = {"buckets": [{"url": "?tag=a", "label": "a", "count": 3, "selected": True}]}
    with translation.override("fr"):
        french = str(facet_values(facet))
    with translation.override("en"):
        english = str(facet_values(facet))
    assert "(selected, select again to remove)" in english
    assert "(selected, select again to remove)" not in french
    assert 'aria-current="true"' in french and "(3)" in french
