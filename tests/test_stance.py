"""Stance: negation, holders, the SemEval metric, agreement and cross-validation."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest

from analysis import load_study
from analysis.config import DATA_DIR
from analysis.errors import CorpusError
from analysis.stance import StanceCues, agreement, cue_hits, load_stance_labels, semeval_scores


@functools.cache
def _cues() -> StanceCues:
    return StanceCues.of(load_study(DATA_DIR).profile)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Milley appelle à saisir l’opportunité de négocier.", 1),
        ("Il n’est toujours pas favorable aux pourparlers.", -1),
        ("Blinken et Sullivan désapprouvent l’appel à la diplomatie.", -1),
        ("Le temps est favorable.", 0),  # no mention of the target
    ],
)
def test_rule_cues_with_negation(text, expected):
    h = cue_hits(text, "negotiations", _cues())
    score = (h["favor"] - h["against"]) if h["topic"] else 0
    assert (score > 0) - (score < 0) == expected


def test_semeval_metric_worked_example():
    gold = pd.Series(["favor", "favor", "against", "none", "none", "against"])
    pred = pd.Series(["favor", "none", "against", "none", "favor", "favor"])
    # favor: P = 1/3, R = 1/2, F1 = 0.4; against: P = 1, R = 1/2, F1 = 2/3
    s = semeval_scores(gold, pred)
    assert s["f1_favor"] == pytest.approx(0.4, abs=1e-4)
    assert s["f1_against"] == pytest.approx(2 / 3, abs=1e-4)
    assert s["f_avg"] == pytest.approx((0.4 + 2 / 3) / 2, abs=1e-4)


def test_semeval_scores_equal_scikit_learn_including_empty_classes():
    from sklearn.metrics import precision_recall_fscore_support

    rng = np.random.default_rng(3)
    for trial in range(300):
        n = int(rng.integers(1, 12))
        # some trials leave a class out of gold or predictions (zero divisions)
        labels = ["favor", "against", "none"][: int(rng.integers(1, 4))]
        gold, pred = pd.Series(rng.choice(labels, n)), pd.Series(rng.choice(["favor", "against", "none"], n))
        got = semeval_scores(gold, pred)
        p, r, f, _ = precision_recall_fscore_support(gold, pred, labels=["favor", "against", "none"], zero_division=0)
        assert got["f_avg"] == round(float((f[0] + f[1]) / 2), 4), trial
        for i, label in enumerate(["favor", "against", "none"]):
            assert (got[f"precision_{label}"], got[f"recall_{label}"], got[f"f1_{label}"]) == tuple(
                round(float(v[i]), 4) for v in (p, r, f)
            ), trial


def test_agreement_kappa_by_hand():
    keys = {"doc_id": ["d"] * 4, "sentence_id": [0, 1, 2, 3], "target": "negotiations"}
    a = pd.DataFrame({**keys, "label": ["favor", "none", "none", "against"], "holder": ["outlet", "", "", "X"]})
    b = pd.DataFrame({**keys, "label": ["favor", "none", "favor", "against"], "holder": ["outlet", "", "outlet", "X"]})
    # observed 3/4; expected: favor .25*.5 + none .5*.25 + against .25*.25 = .3125; kappa = (.75-.3125)/(1-.3125)
    row = agreement(a, b).set_index("target").loc["all"]
    assert row["cohen_kappa"] == pytest.approx((0.75 - 0.3125) / 0.6875, abs=1e-3)
    assert row["holder_agreement"] == 1.0


def test_labels_must_point_to_their_sentence(study, tmp_path):
    bad = tmp_path / "labels.csv"
    first = study.sentences.iloc[0]
    bad.write_text(
        "doc_id,sentence_id,start,end,target,label,holder,annotator,note\n"
        f"{first.doc_id},{first.sentence_id},{first.start + 1},{first.end},negotiations,none,,A1,\n"
        f"{first.doc_id},{first.sentence_id},{first.start},{first.end},peace,maybe,,A1,\n",
        encoding="utf-8",
    )
    with pytest.raises(CorpusError) as err:
        load_stance_labels(study.sentences, bad, study.profile.targets["target"])
    text = str(err.value)
    assert "labels.csv:2 [start]" in text and "labels.csv:3 [label]" in text and "labels.csv:3 [target]" in text


def test_cross_validation_is_leave_one_outlet_out(study):
    ev = study.stance_evaluation
    preds = ev["predictions"]
    assert set(preds["method"]) == {"rules", "classifier", "majority"}
    assert len(preds) == 3 * len(study.stance_labels)
    assert (preds.loc[preds["method"] == "majority", "predicted"] == "none").all()
    scores = ev["scores"].set_index(["target", "method"])
    assert scores.loc[("all", "majority"), "f_avg"] == 0
    assert scores.loc[("all", "rules"), "f_avg"] > 0 and scores.loc[("all", "classifier"), "f_avg"] > 0


def test_stance_table_has_both_methods_and_one_selected(study):
    st = study.stance
    assert set(st["method"]) == {"rules", "classifier"}
    assert st.groupby("method")["selected"].nunique().eq(1).all() and st["selected"].any() and not st["selected"].all()
    assert (st.loc[st["label"] == "none", "holder"] == "").all()
    assert (st.loc[st["label"] != "none", "holder"] != "").all()


def _cue_hits_pattern_by_pattern(text: str, target: str) -> dict:
    """The rule baseline's cue hits computed the plain way: every pattern scanned on its own with finditer."""
    import re

    from analysis.stance import _absorb_governed, _negated

    stance_cues = _cues()
    cues, rules = stance_cues.cues, stance_cues.rules
    rows = cues[cues["target"] == target]
    compiled = {
        role: [re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", re.IGNORECASE) for p in rows.loc[rows["role"] == role, "pattern"]]
        for role in ("topic", "favor", "against")
    }
    topic = sum(len(p.findall(text)) for p in compiled["topic"])
    hits = []
    for role, sign in (("favor", 1), ("against", -1)):
        for pattern in compiled[role]:
            for m in pattern.finditer(text):
                negation_inside = role == "against" and re.match(r"(?:pas|ne|aucun|peu)\b", m.group(), re.IGNORECASE)
                hits.append((m.start(), m.end(), sign * (-1 if (_negated(text, m.start(), rules) and not negation_inside) else 1)))
    hits = _absorb_governed(text, sorted(hits))
    return {"topic": topic, "favor": sum(h[2] > 0 for h in hits), "against": sum(h[2] < 0 for h in hits), "hits": hits}


def test_one_scan_for_all_targets_equals_pattern_by_pattern(study):
    texts = [*study.raw_sentences["text"], "Il  ne\u00a0veut   pas de\nnégociations ; la Ruſſie refuse", ""]
    texts += [t.upper() for t in texts[:200]]
    for target in study.profile.targets["target"]:
        for text in texts:
            assert cue_hits(text, target, _cues()) == _cue_hits_pattern_by_pattern(text, target), (target, text)


def test_sentence_holders_take_the_first_covering_quote_else_the_voice():
    from analysis.stance import _sentence_holders

    sentences = pd.DataFrame(
        {
            "doc_id": ["d"] * 4,
            "sentence_id": [0, 1, 2, 3],
            "start": [0, 100, 200, 300],
            "end": [100, 200, 300, 400],
            "layer": ["relay_commentary", "relay_commentary", "quoted_block", "reader_comment"],
            "source": ["", "", "NYT", ""],
        }
    )
    quotes = pd.DataFrame(
        {
            "doc_id": ["d"] * 5,
            "sentence_id": [0, 0, 0, 1, 2],
            # sentence 0: two quotes cover half of it from the same start (the first listed wins), one is too short;
            # sentence 1: a covering quote with an unknown speaker does not count; sentence 2: a short quote
            "start": [10, 10, 5, 100, 210],
            "end": [60, 60, 20, 190, 220],
            "speaker": ["Milley", "Sullivan", "Blinken", "unknown", "Burns"],
        }
    )
    rows = pd.DataFrame({"doc_id": ["d"] * 5, "sentence_id": [0, 1, 2, 3, 0], "label": ["favor", "against", "favor", "favor", "none"]})
    assert _sentence_holders(rows, sentences, quotes) == ["Milley", "outlet", "NYT", "reader", ""]


def test_rule_stance_and_quotes_do_not_depend_on_the_scanning_batches(study, monkeypatch):
    import analysis.scale.batches as matching
    import analysis.stance as stance
    from analysis.sourcing import Speakers, extract_quotes

    targets, cues, speakers = study.profile.targets["target"], _cues(), Speakers.of(study.profile)
    want_rules = stance.rule_stance(study.corpus, study.sentences, study.quotes, targets, cues)
    want_quotes = extract_quotes(study.corpus, study.sentences, study.quote_spans, speakers)
    monkeypatch.setattr(matching, "BATCH_CHARS", 300)  # dozens of batches instead of one
    pd.testing.assert_frame_equal(stance.rule_stance(study.corpus, study.sentences, study.quotes, targets, _cues()), want_rules)
    pd.testing.assert_frame_equal(extract_quotes(study.corpus, study.sentences, study.quote_spans, speakers), want_quotes)
