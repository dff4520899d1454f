"""Golden leave-one-outlet-out folds of the stance evaluation (``analysis.stance.cross_validate``).

Rule (module docstring): train on every outlet but one, test on that one; the majority
baseline is fitted on the training folds.  A random k-fold split would mix outlets in a
held-out fold and let a held-out outlet's sentences into training; these tests fail then.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis import stance

# outlet -> labels of its sentences (one target); the text of a sentence names its outlet and position.
LABELS = {"a": ["favor", "favor", "favor"], "b": ["against", "against"], "c": ["none", "against"]}


def _tables():
    rows = [(f"{o}1", o, i, f"texte {o} numéro {i}", label) for o, labels in LABELS.items() for i, label in enumerate(labels)]
    texts = pd.DataFrame(rows, columns=["doc_id", "outlet", "sentence_id", "text", "label"])
    labels = texts[["doc_id", "sentence_id", "label"]].assign(target="tramway")
    rules = texts[["doc_id", "sentence_id"]].assign(target="tramway", label="none", score=0.0)
    return texts.drop(columns="label"), labels, rules


class Recorder:
    """Stands in for the classifier: records what each fold trains and predicts on."""

    folds: list[dict] = []

    def fit(self, x, y):
        self.classes_ = np.array(sorted(set(y)))
        Recorder.folds.append({"train": list(x), "test": []})
        return self

    def predict_proba(self, x):
        Recorder.folds[-1]["test"] = list(x)
        return np.full((len(x), len(self.classes_)), 1 / len(self.classes_))


@pytest.fixture
def evaluation(monkeypatch):
    Recorder.folds = []
    monkeypatch.setattr(stance, "stance_classifier", lambda target, profile, seed=0: Recorder())
    texts, labels, rules = _tables()
    return stance.cross_validate(texts, labels, rules, profile=None), Recorder.folds


def _outlet(text):
    return text.split()[1]


def test_every_fold_holds_out_exactly_one_outlet_and_trains_without_it(evaluation):
    _, folds = evaluation
    # one fold per outlet (3), and every fold's training labels hold two classes or more, so each fold is fitted:
    # without a: against, against, none, against; without b: favor x3, none, against; without c: favor x3, against x2.
    assert len(folds) == 3
    held_out = []
    for fold in folds:
        test_outlets = {_outlet(t) for t in fold["test"]}
        assert len(test_outlets) == 1  # the held-out sentences all come from one outlet ...
        (outlet,) = test_outlets
        assert outlet not in {_outlet(t) for t in fold["train"]}  # ... which contributes no training sentence
        # and every other sentence trains: 7 sentences in all
        assert len(fold["train"]) + len(fold["test"]) == 7 and len(fold["test"]) == len(LABELS[outlet])
        held_out.append(outlet)
    assert sorted(held_out) == ["a", "b", "c"]  # each outlet is held out once


def test_majority_baseline_is_fitted_on_the_training_outlets_only(evaluation):
    result, _ = evaluation
    p = result["predictions"]
    majority = p[p["method"] == "majority"].groupby("outlet")["predicted"].unique()
    # by hand: held-out a -> train b + c = against x3, none x1 -> "against";
    # held-out b -> train a + c = favor x3, none, against -> "favor";
    # held-out c -> train a + b = favor x3, against x2 -> "favor".
    # (Fitted on all 7 labels it would be a favor/against tie at 3, broken alphabetically to "against" everywhere.)
    assert {o: list(v) for o, v in majority.items()} == {"a": ["against"], "b": ["favor"], "c": ["favor"]}
    # every labelled sentence is predicted once per method, out of fold
    assert p.groupby("method").size().to_dict() == {"classifier": 7, "majority": 7, "rules": 7}
