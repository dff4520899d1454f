"""Golden bootstrap intervals: cases whose replicates can be enumerated by hand.

Rule (``analysis/resample.py``): a replicate draws n units out of n with replacement and sums
their rows; an outlet with two documents or more resamples its documents (``by_cluster``: the
sentence rows of a document summed into one unit), else its sentences.  Intervals are the
5th and 95th percentiles of the replicates (numpy's linear interpolation).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.cues import cue_rates
from analysis.frames import frame_profile
from analysis.keyness import bootstrap_log_odds
from analysis.resample import by_cluster, resampled_sums


def test_identical_units_collapse_the_interval_to_the_point():
    # every unit is 3: any draw of 5 of them sums to 15, so every replicate mean is 3.
    sums = resampled_sums(np.random.default_rng(0), np.full(5, 3), 200)
    assert np.array_equal(sums, np.full(200, 15.0))


def test_two_units_zero_and_one_give_means_in_0_half_1():
    # a replicate draws 2 of {0, 1}: means 0 (p = 1/4), 0.5 (p = 1/2), 1 (p = 1/4).
    means = resampled_sums(np.random.default_rng(7), np.array([0, 1]), 1000) / 2
    assert set(np.unique(means)) <= {0.0, 0.5, 1.0}
    # ~250 replicates at 0 and ~250 at 1 (sd ~14), so the 5th and 95th percentiles fall on 0 and 1 exactly.
    assert (np.percentile(means, 5), np.percentile(means, 95)) == (0.0, 1.0)
    assert 0.45 < np.mean(means == 0.5) < 0.55  # binomial sd sqrt(.25 / 1000) = 0.016


def test_cue_rate_of_two_identical_documents_has_a_point_interval():
    # outlet o: two documents, each 10 tokens and 1 hedge.  Resampling documents, every replicate holds 2 documents
    # (AA, AB, BB), i.e. 2 hedges over 20 tokens -> 100 per 1,000 in every replicate: p05 = p95 = 100.
    sentences = pd.DataFrame(
        {"doc_id": ["d1", "d1", "d2", "d2"], "outlet": "o", "sentence_id": [0, 1, 0, 1], "layer": "original_outlet", "n_tokens": 5}
    )
    cues = pd.DataFrame({"doc_id": ["d1", "d2"], "sentence_id": [0, 1], "cue_type": "hedge", "connotation": ""})
    row = cue_rates(cues, sentences, n_boot=300).iloc[0]
    assert (row["per_1000"], row["per_1000_p05"], row["per_1000_p95"], row["resampled"]) == (100.0, 100.0, 100.0, "documents")


def test_keyness_interval_collapses_when_each_outlets_documents_are_identical():
    # each outlet's two articles are the same text, so a document replicate (AA, AB or BB) has exactly the outlet's
    # counts: every replicate's z equals the full-data z and the top list never changes.
    texts = {
        ("a", "a1"): "zèbre zèbre lion",
        ("a", "a2"): "zèbre zèbre lion",
        ("b", "b1"): "tigre tigre lion",
        ("b", "b2"): "tigre tigre lion",
    }
    s = pd.DataFrame(
        [{"doc_id": d, "outlet": o, "sentence_id": 0, "layer": "original_outlet", "text": t, "n_tokens": 3} for (o, d), t in texts.items()]
    )
    boot = bootstrap_log_odds(s, set(), top=2, n_boot=100, min_count=1)
    assert set(boot["resampled"]) == {"documents"} and len(boot) > 0
    assert (boot["z_p05"] == boot["z"]).all() and (boot["z_p95"] == boot["z"]).all()
    assert (boot["top_share"] == 1.0).all()


def _frames(doc_ids):
    # 8 own-voice sentences: the first 4 have the frame (one of its 4 questions: score 0.25), the last 4 not.
    return pd.DataFrame(
        {
            "doc_id": doc_ids,
            "outlet": "o",
            "sentence_id": range(8),
            "layer": "original_outlet",
            "frame": "conflict",
            "score": [0.25] * 4 + [0.0] * 4,
        }
    )


def test_cluster_bootstrap_resamples_documents_not_sentences():
    # by_cluster: the two documents become two units (present, sentences) = (4, 4) and (0, 4).
    units, level = by_cluster(np.array([[1, 1]] * 4 + [[0, 1]] * 4), ["A"] * 4 + ["B"] * 4)
    assert level == "documents" and units.tolist() == [[4.0, 4.0], [0.0, 4.0]]

    # Document level (A holds the 4 framed sentences, B the 4 others): a replicate is AA (share 8/8 = 1, p = 1/4),
    # AB or BA (4/8 = 0.5, p = 1/2) or BB (0/8 = 0, p = 1/4) -> the 5th percentile is 0, the 95th is 1.
    docs = frame_profile(_frames(["A"] * 4 + ["B"] * 4), n_boot=1000).iloc[0]
    assert (docs["share"], docs["resampled"]) == (0.5, "documents")
    assert (docs["share_p05"], docs["share_p95"]) == (0.0, 1.0)

    # Sentence level (the same 8 sentences as one document): a replicate's share is k/8 with k ~ Binomial(8, 1/2).
    # P(k <= 1) = 9/256 = 3.5 % < 5 % < P(k <= 2) = 37/256 = 14.5 %, so the 5th percentile is 2/8 = 0.25, and by
    # symmetry the 95th is 6/8 = 0.75; 0 and 1 have probability 1/256 each, far below 5 %.
    one = frame_profile(_frames(["A"] * 8), n_boot=1000).iloc[0]
    assert (one["share"], one["resampled"]) == (0.5, "sentences")
    assert 0.0 < one["share_p05"] <= 0.25 and 0.75 <= one["share_p95"] < 1.0
