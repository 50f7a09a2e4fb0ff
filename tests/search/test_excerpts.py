"""Excerpts: the words around the first match, matches marked, everything else escaped."""

import html

from hypothesis import given
from hypothesis import strategies as st

from search.analysis import analyze_query, excerpt, stem, term, words


def reference_excerpt(text, query_terms, language, size=40):
    """The plain definition: mark every word of the text, then cut around the first match."""
    wanted = set(query_terms)
    if not text or not wanted:
        return ""
    spans = [
        (start, end, term(word, language) in wanted or stem(word, language) in wanted)
        for word, start, end in words(text)
    ]
    hits = [i for i, span in enumerate(spans) if span[2]]
    if not hits:
        return ""
    first = max(0, hits[0] - size // 4)
    last = min(len(spans), first + size)
    out = ["…" if first else ""]
    cursor = spans[first][0]
    for start, end, hit in spans[first:last]:
        out.append(html.escape(text[cursor:start]))
        chunk = html.escape(text[start:end])
        out.append(f"<mark>{chunk}</mark>" if hit else chunk)
        cursor = end
    if last < len(spans):
        out.append(" …")
    return "".join(out)


VOCABULARY = [
    "l'école",
    "écoles",
    "Démocratie",
    "sanitaire",
    "les",
    "des",
    "habitants",
    "d'entraide",
    "aujourd'hui",
    "<script>",
    "&",
    '"citoyens"',
    "la",
    "réserve",
    "—",
    "42",
]
# Words no query is made of, so that the first match often comes late in the text.
FILLER = ["vélo", "marché", "jardin", "pont", "rivière", "quartier", "Lyon", "été", "bus", "rue"]
texts = st.lists(st.sampled_from(VOCABULARY + FILLER * 4), max_size=160).map(" ".join)
queries = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=3).map(" ".join)


@given(texts, queries, st.sampled_from(["fr", "en"]), st.integers(min_value=4, max_value=50))
def test_excerpt_equals_its_plain_definition(text, query, language, size):
    terms = analyze_query(query, language)
    assert str(excerpt(text, terms, language, size)) == reference_excerpt(
        text, terms, language, size
    )


def test_excerpt_cuts_around_the_first_match_and_escapes():
    text = " ".join(["avant"] * 30) + " <b>L'école</b> & " + " ".join(["après"] * 60)
    shown = str(excerpt(text, analyze_query("ecoles", "fr"), "fr"))
    assert shown.startswith("…" + "avant " * 9 + "&lt;b&gt;")  # 10 words before the match
    assert shown.endswith(" …")
    assert "L&#x27;<mark>école</mark>" in shown
    assert "&lt;b&gt;" in shown and "&amp;" in shown and "<b>" not in shown
    assert len(shown.split()) < 50
