"""Stories discovered without a catalogue (analysis.stories): worked examples and the failure of issue 21.

Issue 21: without events.csv, events, coverage, blindspots and the side by
side were empty.  Here a corpus without a catalogue gets stories, and every
one of those tables is filled from them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from conftest import write_corpus

from analysis.compare import side_by_side
from analysis.events import blindspots
from analysis.pipeline import Study
from analysis.profile import Profile
from analysis.reader import load_corpus
from analysis.stories import DEFAULT_THRESHOLD, bcubed, discover_stories, evaluate_stories, story_distances

FR = Profile.default("fr")

STRIKE = [
    "Les éboueurs de Lyon sont en grève depuis lundi ; les poubelles s'entassent dans les rues du centre.",
    "La grève des éboueurs lyonnais entre dans sa deuxième semaine, les poubelles débordent.",
    "À Lyon, les éboueurs grévistes bloquent le dépôt de collecte des poubelles.",
]
FESTIVAL = [
    "Le festival de jazz de Vienne ouvre ses portes avec trois concerts au théâtre antique.",
    "Au théâtre antique de Vienne, le festival de jazz a accueilli dix mille spectateurs pour ses concerts.",
]


def _sentences(texts: list[str], outlets: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(len(texts))],
            "outlet": outlets,
            "sentence_id": 0,
            "layer": "original_outlet",
            "n_tokens": [len(t.split()) for t in texts],
            "text": texts,
        }
    )


def test_bcubed_worked_example():
    """Gold {a, b} {c}; predicted {a, b, c}: precision (2/3 + 2/3 + 1/3) / 3 = 5/9, recall 1 (Bagga & Baldwin 1998)."""
    scores = bcubed({"a": 1, "b": 1, "c": 1}, {"a": "x", "b": "x", "c": "y"})
    assert scores["precision"] == pytest.approx(round(5 / 9, 3)) and scores["recall"] == 1.0
    assert scores["f1"] == pytest.approx(round(2 * (5 / 9) / (5 / 9 + 1), 3))


def test_two_happenings_are_two_stories_and_their_outlets_are_kept():
    texts = STRIKE + FESTIVAL
    outlets = ["a", "b", "c", "a", "b"]
    documents = _sentences(texts, outlets)[["doc_id", "outlet"]].assign(date="2024-03-05")
    found = discover_stories(documents, _sentences(texts, outlets), FR.stopwords, "french")
    members = found["members"].set_index("doc_id")["story_id"]
    assert members["d0"] == members["d1"] == members["d2"] != members["d3"] == members["d4"]
    stories = found["stories"].set_index("story_id")
    strike = stories.loc[members["d0"]]
    assert (strike["n_documents"], strike["n_outlets"], strike["outlets"]) == (3, 3, "a|b|c")
    assert "éboueurs" in strike["terms"].split("|") or "poubelles" in strike["terms"].split("|")
    assert strike["representative_doc"] in {"d0", "d1", "d2"}
    links = found["links"]
    assert set(links["event_id"]) == set(stories.index) and links["doc_id"].isin(documents["doc_id"]).all()


def test_documents_far_apart_in_time_never_share_a_story():
    x = sp.csr_matrix(np.ones((2, 3)))
    assert story_distances(x, ["2024-03-01", "2024-03-05"])[0, 1] == 0.0
    assert story_distances(x, ["2024-03-01", "2024-05-01"])[0, 1] == 1.0  # identical words, two months apart
    assert story_distances(x, ["2024-03-01", ""])[0, 1] == 0.0  # an undated document is not constrained


def test_evaluation_reports_the_trivial_baselines():
    members = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "story_id": ["s1", "s1", "s2", "s2"]})
    gold = pd.DataFrame({"doc_id": ["a", "b", "c", "d"], "story": ["x", "x", "y", "y"]})
    table = evaluate_stories(members, gold).set_index("method")
    assert table.loc["discovered", "f1"] == 1.0
    assert table.loc["all singletons", "precision"] == 1.0 and table.loc["all singletons", "recall"] == 0.5
    assert table.loc["one cluster", "recall"] == 1.0 and table.loc["one cluster", "precision"] == 0.5


def test_without_a_catalogue_coverage_blindspots_and_side_by_side_come_from_stories(tmp_path):
    """Issue 21: events, coverage, blindspots and the side by side were empty without events.csv."""
    texts = {f"d{i}": t for i, t in enumerate(STRIKE + FESTIVAL)}
    meta = [
        {"doc_id": d, "outlet": o, "path": f"raw/{d}.txt", "date": "2024-03-05"}
        for d, o in zip(texts, ["alpha", "beta", "alpha", "beta", "alpha"])
    ]
    root = write_corpus(tmp_path / "c", texts, meta=meta)
    study = Study(load_corpus(root))
    assert not study.has_catalogue and len(study.stories["stories"]) == 2
    assert len(study.events) and len(study.coverage) and study.coverage["covered"].any()
    assert set(study.event_catalogue["event_id"]) == set(study.stories["stories"]["story_id"])
    spots = blindspots(study.coverage, study.documents, study.event_catalogue)
    assert isinstance(spots, pd.DataFrame)
    shared = study.coverage.groupby("event_id")["covered"].sum().idxmax()
    links = study.events.merge(study.sentences[["doc_id", "sentence_id", "outlet"]])
    table = side_by_side(
        shared,
        links,
        study.raw_sentences,
        study.stance,
        study.frames,
        study.cues,
        study.naming_matches,
        study.frame_items,
        study.corpus.outlets,
    )
    assert set(table["outlet"]) == {"Alpha", "Beta"}  # both outlets' sentences about the shared story


def test_the_threshold_was_chosen_on_the_development_corpora():
    """The default cut is a recorded choice (README 'Stories'), not a value tuned per corpus."""
    assert DEFAULT_THRESHOLD == 0.85
