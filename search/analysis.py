"""Text analysis shared by the database search backends and the result excerpts.

The database backends (SQLite FTS5, PostgreSQL with the ``simple`` configuration) only match the
tokens they are given, so the language work happens here, identically when a page is indexed and
when a query is run: split into words, drop elided articles (l', d', qu'...), lowercase, fold
accents, drop the language's stop words, then stem with the Snowball stemmer of the page's (or the
reader's) language. Folding comes before stemming so that "ecole" and "école" always reduce to the
same stem, whichever way the reader typed it.
"""

import html
import re
import threading
import unicodedata
from collections import deque
from functools import lru_cache

import snowballstemmer
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
APOSTROPHE_RE = re.compile(r"['’]")
ELISIONS = ("l", "d", "qu", "j", "m", "n", "s", "t", "c", "jusqu", "quoiqu", "lorsqu", "puisqu")

FRENCH_STOP_WORDS = frozenset(
    """
    au aux avec ce ces dans de des du elle en et eux il ils je la le les leur leurs lui ma mais
    me meme mes moi mon ne nos notre nous on ou par pas pour qu que qui sa se ses son sur ta te
    tes toi ton tu un une vos votre vous c d j l a m n s t y ete etee etees etes etant etante
    etants etantes suis es est sommes serai seras sera serons serez seront serais serait serions
    seriez seraient etais etait etions etiez etaient fus fut fumes futes furent sois soit soyons
    soyez soient fusse fusses fussions fussiez fussent ayant ayante ayantes ayants eu eue eues
    eus ai as avons avez ont aurai auras aura aurons aurez auront aurais aurait aurions auriez
    auraient avais avait avions aviez avaient eut eumes eutes eurent aie aies ait ayons ayez
    aient eusse eusses eussions eussiez eussent ceci cela cet cette ici quel quels quelle
    quelles sans soi jusqu lorsqu puisqu quoiqu
    """.split()
)
ENGLISH_STOP_WORDS = frozenset(
    """
    a an and are as at be but by for if in into is it no not of on or such that the their then
    there these they this to was will with
    """.split()
)
STOP_WORDS = {"fr": FRENCH_STOP_WORDS, "en": ENGLISH_STOP_WORDS}
STEMMERS = {"fr": "french", "en": "english"}


def language_of(code: str | None) -> str:
    """Our analysis language for a language code ("fr", "en-gb"...): French unless English."""
    return "en" if (code or "").lower().startswith("en") else "fr"


def active_language() -> str:
    return language_of(get_language())


def fold(text: str) -> str:
    """Lowercase and strip accents ("Élus" -> "elus", "œuvre" -> "oeuvre")."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class _ThreadStemmers(threading.local):
    """Snowball stemmers keep the word being stemmed in the object: one set per thread."""

    def __init__(self):
        self.by_language = {}


_stemmers = _ThreadStemmers()


def _stemmer(language: str):
    """This thread's Snowball stemmer for ``language``."""
    stemmers = _stemmers.by_language
    if language not in stemmers:
        stemmers[language] = snowballstemmer.stemmer(STEMMERS[language])
    return stemmers[language]


@lru_cache(maxsize=50_000)
def stem(word: str, language: str) -> str:
    """Stem of an already folded word."""
    return _stemmer(language).stemWord(word)


@lru_cache(maxsize=32_768)
def _token(token: str) -> tuple[int, str]:
    """(characters of elided articles dropped at the start, folded word) of one raw token.

    Memoised: a corpus repeats the same few thousand words, and folding is the costly part.
    """
    parts = APOSTROPHE_RE.split(token)
    skipped = 0
    while len(parts) > 1 and fold(parts[0]) in ELISIONS:
        skipped += len(parts.pop(0)) + 1
    return skipped, fold("".join(parts))


def words(text: str):
    """Folded words of ``text`` with their (start, end) offsets in the original text.

    Elided articles are dropped (``l'entraide`` -> ``entraide``, offsets of "entraide" only);
    other inner apostrophes join the word (``aujourd'hui`` -> ``aujourdhui``).
    """
    for match in WORD_RE.finditer(text):
        skipped, word = _token(match.group())
        if word:
            yield word, match.start() + skipped, match.end()


def term(word: str, language: str) -> str | None:
    """The index term of a folded word, or None for a stop word."""
    if word in STOP_WORDS[language]:
        return None
    return stem(word, language)


@lru_cache(maxsize=32_768)
def _token_term(token: str, language: str) -> str | None:
    """The index term of one raw token (None: nothing to index). Memoised like ``_token``."""
    word = _token(token)[1]
    return term(word, language) if word else None


def analyze(text: str, language: str) -> list[str]:
    """Index terms of ``text``: elision, lowercase, folding, stop words, stemming."""
    if not text:
        return []
    terms = []
    for token in WORD_RE.findall(text):
        found = _token_term(token, language)
        if found:
            terms.append(found)
    return terms


def analyze_query(text: str, language: str) -> list[str]:
    """Terms of a query; a query made only of stop words keeps them (it then finds nothing
    rather than everything, as on the search engines)."""
    terms = analyze(text, language)
    if terms:
        return terms
    return [stem(word, language) for word, _s, _e in words(text or "")]


def fold_words(text: str) -> list[str]:
    """Folded words without stemming nor stop words: what autocomplete matches prefixes of."""
    if not text:
        return []
    return [word for word in (_token(token)[1] for token in WORD_RE.findall(text)) if word]


@lru_cache(maxsize=32_768)
def _token_keys(token: str, language: str) -> tuple[int, str | None, str] | None:
    """(characters skipped before the word, index term, stem) of one raw token, or None when it
    holds no word. Memoised like ``_token``: excerpts look at every word of long texts."""
    skipped, word = _token(token)
    if not word:
        return None
    return skipped, term(word, language), stem(word, language)


def excerpt(text: str, query_terms, language: str, size: int = 40):
    """About ``size`` words of ``text`` around the first query term, each term in <mark>.

    Returns safe HTML (everything but the <mark> tags is escaped), or "" when no term occurs.
    A word matches when its index term is wanted, or its stem (a query made of stop words
    only). The text is read up to the last word shown, not further.
    """
    wanted = set(query_terms)
    if not text or not wanted:
        return ""
    lead = size // 4  # words shown before the first match
    shown = deque(maxlen=lead + 1)  # (start, end, matched) of the words kept so far
    cut_before = False  # words were left out before the first one shown
    matched_once = False
    more_after = False
    for found in WORD_RE.finditer(text):
        keys = _token_keys(found.group(), language)
        if keys is None:
            continue
        if matched_once and len(shown) == size:
            more_after = True
            break
        skipped, index_term, stemmed = keys
        matched = index_term in wanted or stemmed in wanted
        if not matched_once and len(shown) == shown.maxlen:
            cut_before = True
        shown.append((found.start() + skipped, found.end(), matched))
        if matched and not matched_once:
            matched_once = True
            shown = deque(shown)  # from now on, keep up to ``size`` words
    if not matched_once:
        return ""
    # Escaping is character by character: the text between two marked words goes in one piece.
    out = ["…" if cut_before else ""]
    cursor = shown[0][0]
    for start, end, matched in shown:
        if matched:
            out.append(html.escape(text[cursor:start]))
            out.append(f"<mark>{html.escape(text[start:end])}</mark>")
            cursor = end
    out.append(html.escape(text[cursor : shown[-1][1]]))
    if more_after:
        out.append(" …")
    return mark_safe("".join(out))  # noqa: S308 - every piece of text above is escaped
