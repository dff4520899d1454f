"""Bootstrap replicates: batched draws and count-weighted sums give what gathering every draw at once gives."""

from __future__ import annotations

import numpy as np
import pytest

from analysis import resample
from analysis.resample import replicates, resampled_sums


@pytest.mark.parametrize(("n", "k"), [(1, 1), (7, 3), (500, 2)])
def test_resampled_sums_equal_the_sums_of_the_gathered_draws(monkeypatch, n, k):
    values = np.random.default_rng(n).integers(0, 50, size=(n, k))
    whole = np.random.default_rng(1).integers(0, n, size=(300, n))  # every draw at once
    expected = values[whole].sum(axis=1).astype(float)
    monkeypatch.setattr(resample, "MAX_CELLS", 5 * n)  # force several batches
    rng = np.random.default_rng(1)
    got = resampled_sums(rng, values, 300)
    assert got.shape == (300, k) and np.array_equal(got, expected)
    assert np.array_equal(resampled_sums(np.random.default_rng(1), values[:, 0], 300), expected[:, 0])


def test_batched_replicates_advance_the_generator_like_one_draw(monkeypatch):
    monkeypatch.setattr(resample, "MAX_CELLS", 40)
    rng = np.random.default_rng(3)
    batched = replicates(rng, 10, 25, lambda d: d.sum(axis=1))
    ref = np.random.default_rng(3)
    assert np.array_equal(batched, ref.integers(0, 10, size=(25, 10)).sum(axis=1))
    assert rng.integers(0, 10**9) == ref.integers(0, 10**9)  # the next draw is the same too
