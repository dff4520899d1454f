"""Keyness scores: worked examples recomputed independently from their published formulas."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.keyness import (
    SCORES,
    bootstrap_log_odds,
    distinctive_terms,
    g2_keyness,
    lafon_specificity,
    log_odds_dirichlet,
    score_agreement,
)
from analysis.profile import Profile

STOP = Profile.default("fr").stopwords

# A worked example: outlet A has 100 tokens, the rest 300; "paix" occurs 8 times in A and 4 in the rest.
F_A, F_REST, T_A, T_REST = 8, 4, 100, 300


def test_lafon_over_use_by_direct_hypergeometric_sum():
    big_t, big_f = T_A + T_REST, F_A + F_REST
    # P(X >= 8) for X ~ Hypergeometric(400 tokens, 12 "paix", 100 drawn), summed term by term.
    p = sum(math.comb(big_f, k) * math.comb(big_t - big_f, T_A - k) for k in range(F_A, big_f + 1)) / math.comb(big_t, T_A)
    assert lafon_specificity(F_A, big_f, T_A, big_t) == pytest.approx(-math.log10(p), rel=1e-9)


def test_lafon_under_use_is_negative_log_cdf():
    big_t, big_f = 400, 12
    p = sum(math.comb(big_f, k) * math.comb(big_t - big_f, 100 - k) for k in range(0, 1)) / math.comb(big_t, 100)
    assert lafon_specificity(0, big_f, 100, big_t) == pytest.approx(math.log10(p), rel=1e-9)
    assert lafon_specificity(0, big_f, 100, big_t) < 0


def test_g2_matches_the_2x2_formula_with_williams_correction():
    a, b, c, d = F_A, F_REST, T_A - F_A, T_REST - F_REST
    n = a + b + c + d
    expected = {"a": (a + b) * (a + c) / n, "b": (a + b) * (b + d) / n, "c": (c + d) * (a + c) / n, "d": (c + d) * (b + d) / n}
    raw = 2 * sum(o * math.log(o / expected[k]) for k, o in zip("abcd", (a, b, c, d)))
    q = 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n)
    assert g2_keyness(a, b, c, d, correction="none") == pytest.approx(raw)
    assert g2_keyness(a, b, c, d) == pytest.approx(raw / q)
    assert g2_keyness(b * 0, 12, 100, 288) < 0  # under-use carries a minus sign


def test_log_odds_dirichlet_worked_example():
    y_i, y_j = np.array([8.0, 92.0]), np.array([4.0, 296.0])  # "paix" and everything else
    alpha = np.array([3.0, 97.0])  # prior: 100 pseudo-counts shared like the corpus (12/400 -> 3)
    a0 = 100.0
    delta_paix = math.log((8 + 3) / (100 + a0 - 8 - 3)) - math.log((4 + 3) / (300 + a0 - 4 - 3))
    var = 1 / (8 + 3) + 1 / (4 + 3)
    delta, z = log_odds_dirichlet(y_i, y_j, alpha, 100.0, 300.0)
    assert delta[0] == pytest.approx(delta_paix)
    assert z[0] == pytest.approx(delta_paix / math.sqrt(var))


def _toy_sentences():
    rows = []
    texts = {
        "a": ["La paix maintenant.", "Des négociations de paix.", "La paix et la diplomatie."],
        "b": ["La guerre continue.", "Armer pour la guerre.", "La guerre contre la paix."],
    }
    for outlet, sents in texts.items():
        for i, t in enumerate(sents):
            rows.append(
                {"doc_id": outlet, "outlet": outlet, "sentence_id": i, "layer": "original_outlet", "text": t, "n_tokens": len(t.split())}
            )
    return pd.DataFrame(rows)


def test_distinctive_terms_ranks_the_obvious_words_first():
    d = distinctive_terms(_toy_sentences(), STOP, min_count=2)
    assert set(d["score_name"]) == set(SCORES)
    top = d[(d["rank"] == 1)].set_index(["outlet", "score_name"])["term"]
    assert set(top.loc["a"]) == {"paix"} and set(top.loc["b"]) == {"guerre"}
    row = d[(d["outlet"] == "a") & (d["term"] == "paix")].iloc[0]
    assert (row["count_outlet"], row["count_rest"]) == (3, 1)


def test_score_agreement_and_bootstrap_shapes():
    s = _toy_sentences()
    agree = score_agreement(distinctive_terms(s, STOP, min_count=1), top=3)
    assert len(agree) == 2 * 3 and agree["spearman"].between(-1, 1).all()
    boot = bootstrap_log_odds(s, STOP, top=2, n_boot=50, min_count=1)
    assert list(boot.columns) == ["outlet", "term", "rank", "z", "z_p05", "z_p95", "top_share", "n_docs", "top_doc_share", "resampled"]
    assert (boot["z_p05"] <= boot["z_p95"]).all() and boot["top_share"].between(0, 1).all()
    assert boot.equals(bootstrap_log_odds(s, STOP, top=2, n_boot=50, min_count=1))  # seeded


def test_in_top_equals_ranks_from_a_stable_sort_with_many_ties():
    from analysis.keyness import _in_top

    rng = np.random.default_rng(0)
    for _ in range(200):
        z = rng.integers(0, 6, size=(3, 40)).astype(float)
        top = int(rng.integers(1, 12))
        columns = np.concatenate([np.stack([np.argsort(-row, kind="stable")[:top] for row in z]), rng.integers(0, 40, size=(3, 5))], axis=1)
        rank = np.argsort(np.argsort(-z, axis=1, kind="stable"), axis=1, kind="stable")
        assert (_in_top(z, columns, top) == (np.take_along_axis(rank, columns, axis=1) < top)).all()


def test_long_scores_sort_like_pandas_on_any_wide_table():
    """Integer sort codes give the order of pandas' string sort, with several groups and unsorted terms."""
    from analysis.keyness import SCORES, _long_scores

    rng = np.random.default_rng(0)
    terms = ["paix", "Kyiv", "négociation", "éclat", "zèle", "arme", "ZZ"]
    wide = pd.DataFrame(
        {
            "group": np.repeat(["b", "a", "é"], len(terms)),
            "term": terms * 3,
            "count_outlet": rng.integers(0, 9, 3 * len(terms)),
            "count_rest": rng.integers(0, 9, 3 * len(terms)),
            **{name: rng.integers(-3, 3, 3 * len(terms)) / 2 for name in SCORES},  # ties, broken by term
        }
    )
    ref = wide.melt(
        id_vars=["group", "term", "count_outlet", "count_rest"], value_vars=list(SCORES), var_name="score_name", value_name="score"
    )
    ref["score"] = ref["score"].round(4)
    ref = ref.sort_values(["group", "score_name", "score", "term"], ascending=[True, True, False, True])
    ref["rank"] = ref.groupby(["group", "score_name"]).cumcount() + 1
    ref = ref.rename(columns={"group": "outlet"})[["outlet", "term", "score_name", "score", "count_outlet", "count_rest", "rank"]]
    got = _long_scores(wide, "outlet")
    assert got.to_csv(index=False) == ref.to_csv(index=False)


def test_bootstrap_gives_the_same_replicates_on_one_thread_and_in_several_batches(monkeypatch):
    from analysis import keyness

    s = _toy_sentences()
    default = bootstrap_log_odds(s, STOP, top=2, n_boot=50, min_count=1)
    monkeypatch.setattr(keyness, "MAX_CELLS", 40)  # a few replicates per batch
    batched = bootstrap_log_odds(s, STOP, top=2, n_boot=50, min_count=1)
    monkeypatch.setattr(keyness, "BOOTSTRAP_THREADS", 1)
    pd.testing.assert_frame_equal(batched, default)
    pd.testing.assert_frame_equal(bootstrap_log_odds(s, STOP, top=2, n_boot=50, min_count=1), default)


def _two_document_outlet():
    """Outlet ``a`` has two articles; only the first says "zeppelin", five times; both say "paix"."""
    texts = {
        ("a", "a1"): ["Le zeppelin et la paix.", "Le zeppelin vole.", "Un zeppelin, deux zeppelins, le zeppelin."],
        ("a", "a2"): ["La paix revient.", "La paix et le calme."],
        ("b", "b1"): ["La guerre continue.", "La guerre encore.", "Le calme et la guerre."],
    }
    rows = [
        {"doc_id": doc, "outlet": outlet, "sentence_id": i, "layer": "original_outlet", "text": t, "n_tokens": len(t.split())}
        for (outlet, doc), sents in texts.items()
        for i, t in enumerate(sents)
    ]
    return pd.DataFrame(rows)


def test_a_word_of_one_article_is_not_its_outlets_top_term():
    """The bootstrap resamples documents, keeps terms of one document out of a multi-document outlet's top list, and reports dispersion."""
    s = _two_document_outlet()
    boot = bootstrap_log_odds(s, STOP, top=3, n_boot=60, min_count=1)
    a, b = boot[boot["outlet"] == "a"], boot[boot["outlet"] == "b"]
    assert set(a["resampled"]) == {"documents"} and set(b["resampled"]) == {"sentences"}
    assert "zeppelin" not in set(a["term"]) and "paix" in set(a["term"])
    paix = a.set_index("term").loc["paix"]
    assert (paix["n_docs"], paix["top_doc_share"]) == (2, 0.667)  # 3 uses: 1 in the first article, 2 in the second
    # without documents the same sentences are one bag, and zeppelin tops the list
    one_bag = bootstrap_log_odds(s.assign(doc_id=s["outlet"]), STOP, top=3, n_boot=60, min_count=1)
    assert one_bag[(one_bag["outlet"] == "a") & (one_bag["rank"] == 1)]["term"].item() == "zeppelin"


def test_distinctive_terms_report_each_terms_dispersion():
    from analysis.keyness import distinctive_from_counts
    from analysis.terms import GroupCounts, Spread, term_matrix

    s = _two_document_outlet()
    x, words = term_matrix(s["text"], STOP)
    counts = GroupCounts.from_matrix(x, words, s["outlet"], s["n_tokens"])
    d = distinctive_from_counts(counts, min_count=1, spread=Spread.from_matrix(x, words, s["outlet"], s["doc_id"]))
    row = d[(d["outlet"] == "a") & (d["score_name"] == "log_odds_z")].set_index("term")
    assert (row.loc["zeppelin", "n_docs"], row.loc["zeppelin", "top_doc_share"]) == (1, 1.0)
    assert (row.loc["paix", "n_docs"], row.loc["paix", "top_doc_share"]) == (2, 0.667)
    halves = [Spread.from_matrix(x[idx], words, s["outlet"].iloc[idx], s["doc_id"].iloc[idx]) for idx in (np.arange(5), np.arange(5, 8))]
    whole, joined = Spread.from_matrix(x, words, s["outlet"], s["doc_id"]), Spread.combine(halves)
    assert (whole.n_docs != joined.n_docs).nnz == 0 and (whole.max_doc != joined.max_doc).nnz == 0
