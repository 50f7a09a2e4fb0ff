"""Stemming from many threads at once gives each word its own stem, as it does alone.

Snowball stemmers keep the word being stemmed in the stemmer object, so one stemmer shared by
the threads of a server mixes up their words (wrong stems, IndexError). ``stem`` is memoised,
so the stemmer itself is called here, through ``analysis._stemmer`` as ``stem`` calls it.
"""

import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
import snowballstemmer

from search import analysis

WORDS = {
    "fr": "participation citoyennes cooperations territoriales democratiquement solidarites "
    "associatives gouvernances concertations engagements benevolement mobilisations "
    "habitantes elections abstentionnistes transparentes formations".split(),
    "en": "participation citizens cooperation territorial democratically solidarity "
    "associations governance consultations engagements volunteering mobilisation "
    "residents elections abstention transparency training".split(),
}


@pytest.fixture
def frequent_thread_switches():
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(interval)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_threads_stem_each_word_as_one_thread_does(language, frequent_thread_switches):
    alone = snowballstemmer.stemmer(analysis.STEMMERS[language])
    expected = {word: alone.stemWord(word) for word in WORDS[language]}
    batch = WORDS[language] * 300

    def stem_directly(word):
        try:
            return word, analysis._stemmer(language).stemWord(word)
        except IndexError as error:  # what a stemmer shared between threads raises at times
            return word, error

    with ThreadPoolExecutor(max_workers=20) as threads:
        answers = list(threads.map(stem_directly, batch))
    wrong = [(word, got) for word, got in answers if got != expected[word]]
    assert not wrong, f"{len(wrong)} of {len(batch)} wrong, first: {wrong[:5]}"
