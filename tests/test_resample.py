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


def test_by_cluster_sums_the_rows_of_each_document():
    values = np.array([[1, 10], [2, 20], [3, 30], [4, 40]])
    rows, level = resample.by_cluster(values, ["b", "a", "b", "c"])
    assert level == "documents"
    assert rows.tolist() == [[4, 40], [2, 20], [4, 40]]  # b = rows 0 and 2, in order of first appearance
    same, level = resample.by_cluster(values, ["a"] * 4)
    assert level == "sentences" and same is values


def _two_document_outlet(n_sentences: int = 20):
    """An outlet of two documents: every sentence of the first has a cue, no sentence of the second has one."""
    import pandas as pd

    sentences = pd.DataFrame(
        {
            "doc_id": ["d1"] * n_sentences + ["d2"] * n_sentences,
            "outlet": "o",
            "sentence_id": list(range(2 * n_sentences)),
            "layer": "original_outlet",
            "n_tokens": 10,
        }
    )
    cues = pd.DataFrame({"doc_id": "d1", "sentence_id": list(range(n_sentences)), "cue_type": "hedge", "connotation": ""})
    return cues, sentences


def test_cue_intervals_resample_documents_not_sentences():
    """Cues that all sit in one of an outlet's two articles: the outlet's rate could be 0 or 100 per 1,000.

    A sentence bootstrap treats the 40 sentences as independent draws and
    gives a narrow interval around 50; resampling the two documents gives the
    honest one, from 0 to 100.
    """
    from analysis.cues import cue_rates

    cues, sentences = _two_document_outlet()
    row = cue_rates(cues, sentences, n_boot=400).iloc[0]
    assert (row["per_1000"], row["resampled"]) == (50.0, "documents")
    assert row["per_1000_p05"] == 0.0 and row["per_1000_p95"] == 100.0
    one_doc = cue_rates(cues, sentences.assign(doc_id="d1"), n_boot=400).iloc[0]  # the same sentences as one document
    assert one_doc["resampled"] == "sentences" and 30 < one_doc["per_1000_p05"] < one_doc["per_1000_p95"] < 70
