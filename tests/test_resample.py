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


def test_category_sums_have_the_bootstrap_distribution_of_the_draws():
    """Multinomial counts of the distinct rows give the same replicate distribution as drawing every unit."""
    from analysis.resample import category_resampled_sums

    values = np.zeros((300, 2))
    values[:45, 0] = 1  # 15 % favour
    values[45:120, 1] = 1  # 25 % against, never both
    fast = category_resampled_sums(np.random.default_rng(5), values, 20000)
    slow = resampled_sums(np.random.default_rng(6), values, 20000)
    assert fast.shape == slow.shape == (20000, 2)
    assert np.array_equal(fast, np.round(fast)) and (fast.sum(axis=1) <= 300).all()  # whole counts of 300 draws
    for col, p in ((0, 0.15), (1, 0.25)):
        se = np.sqrt(300 * p * (1 - p))  # binomial: mean n p, sd sqrt(n p (1 - p))
        for sums in (fast, slow):
            assert abs(sums[:, col].mean() - 300 * p) < 0.05 * se and abs(sums[:, col].std() / se - 1) < 0.03
    # the two columns are negatively correlated as in the draws (a draw is favour or against, not both)
    assert np.corrcoef(fast.T)[0, 1] == pytest.approx(np.corrcoef(slow.T)[0, 1], abs=0.03)
    assert np.array_equal(category_resampled_sums(np.random.default_rng(0), np.ones(9), 4), np.full(4, 9.0))
    assert category_resampled_sums(np.random.default_rng(0), np.zeros(0), 3).shape == (3,)
