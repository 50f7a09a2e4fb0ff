"""Whole columns read as arrays (``search.columns``) hold exactly the rows' values."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from search.columns import column_arrays
from search.models import ChangedEntry, PostingsState

pytestmark = pytest.mark.django_db

big = st.integers(-(2**63), 2**63 - 1)


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(big, max_size=30, unique=True))
def test_integers_come_back_as_stored(db, values):
    ChangedEntry.objects.all().delete()
    ChangedEntry.objects.bulk_create([ChangedEntry(entry_id=value) for value in values])
    rows = ChangedEntry.objects.order_by("serial").values_list("entry_id", flat=True)
    (found,) = column_arrays(rows, ["entry_id"], [np.int64])
    assert sorted(found.tolist()) == sorted(values)


@hypothesis_settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    # Below the largest doubles, which SQLite's 15-digit rounding would turn into infinity.
    st.floats(min_value=-1e300, max_value=1e300, allow_nan=False, width=64)
    | st.sampled_from([0.0, -0.0, 1e-300, -2.5e-7, 123456789.125])
)
def test_floats_come_back_as_stored(db, value):
    PostingsState.objects.all().delete()
    PostingsState.objects.create(pk=1, average_length=value)
    (found,) = column_arrays(
        PostingsState.objects.values_list("average_length", flat=True),
        ["average_length"],
        [np.float64],
    )
    # SQLite writes a REAL as text with 15 significant digits; PostgreSQL exactly.
    assert found.tolist() == [pytest.approx(value, rel=1e-14, abs=0)]


def test_no_row_gives_empty_arrays(db):
    ChangedEntry.objects.all().delete()
    ids, serials = column_arrays(
        ChangedEntry.objects.values_list("entry_id", "serial"),
        ["entry_id", "serial"],
        [np.int64, np.int64],
    )
    assert ids.size == 0 and serials.size == 0
    assert ids.dtype == np.int64
