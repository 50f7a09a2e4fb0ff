"""``Match.best`` against its plain definition, on generated matches and filters."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from search.facets import bits_of, flags_of, positions_in
from search.matching import Match

SIZE = 300


@st.composite
def matches(draw):
    positions = draw(st.lists(st.integers(0, SIZE - 1), unique=True, max_size=120))
    # Few distinct scores, so that ties are common: they go to the lowest position.
    scores = draw(
        st.lists(
            st.sampled_from([-3.0, -2.5, -1.0, 0.0, 0.5]),
            min_size=len(positions),
            max_size=len(positions),
        )
    )
    kept = draw(st.lists(st.integers(0, SIZE - 1), unique=True, max_size=SIZE))
    stop = draw(st.integers(0, 40))
    return positions, scores, kept, stop


@given(matches())
def test_best_is_the_lowest_scores_then_positions_among_the_kept(case):
    positions, scores, kept, stop = case
    bits = bits_of(kept, SIZE)
    expected = sorted((s, p) for p, s in zip(positions, scores, strict=True) if p in set(kept))
    assert Match(positions, scores=scores).best(bits, stop) == [p for _s, p in expected[:stop]]


@given(matches())
def test_best_keeps_the_engine_order_when_there_are_no_scores(case):
    positions, _scores, kept, stop = case
    expected = [p for p in positions if p in set(kept)][:stop]
    assert Match(positions).best(bits_of(kept, SIZE), stop) == expected


@given(matches())
def test_ranks_asked_from_a_scorer_give_the_same_order_as_known_scores(case):
    positions, scores, kept, stop = case
    entries = [1000 + p for p in positions]
    score_of = dict(zip(entries, scores, strict=True))
    asked = []

    def scorer(ids):
        ids = [int(entry) for entry in ids]
        asked.append(ids)
        # In another order than asked, as a database may answer.
        answer = sorted(ids, reverse=True)
        return np.array(answer, dtype=np.int64), np.array([score_of[e] for e in answer])

    scored = Match(positions, entries=entries, scorer=scorer)
    half = bits_of(kept[::2], SIZE)
    everything = bits_of(range(SIZE), SIZE)
    assert scored.best(half, stop) == Match(positions, scores=scores).best(half, stop)
    assert scored.best(everything, stop) == Match(positions, scores=scores).best(everything, stop)
    # Each entry is ranked at most once over both searches.
    flat = [entry for ids in asked for entry in ids]
    assert len(flat) == len(set(flat))


@given(st.lists(st.integers(0, SIZE - 1), unique=True), st.integers(1, 2 * SIZE))
def test_bitsets_and_flags_agree(positions, size):
    bits = bits_of(positions, SIZE)
    assert bits.bit_count() == len(positions)
    flags = flags_of(bits, size)
    assert len(flags) >= max(size, bits.bit_length())
    assert [i for i in range(len(flags)) if flags[i]] == sorted(positions)
    assert positions_in(bits, 0, SIZE) == sorted(positions)
