"""Tests of :mod:`analysis.frames` on rows written for the test."""

from __future__ import annotations

import pandas as pd

from analysis.frames import sentence_frames


def test_sentence_frames_joins_the_items_answered_per_sentence_and_frame():
    sentences = pd.DataFrame(
        {
            "doc_id": ["d2", "d1", "d1", "d1"],
            "outlet": ["o", "o", "o", "o"],
            "sentence_id": [0, 0, 1, 2],
            "layer": ["relay_commentary", "relay_commentary", "relay_commentary", "boilerplate"],
        }
    )
    # a question found twice counts once; items come out sorted; boilerplate sentences get no rows
    matches = pd.DataFrame(
        {
            "doc_id": ["d1", "d1", "d1", "d1", "d2", "d1"],
            "sentence_id": [0, 0, 0, 0, 0, 2],
            "item": ["q03", "q01", "q03", "entman_cause", "q12", "q01"],
        }
    )
    matches["frame"] = matches["item"].map({"q01": "responsibility", "q03": "responsibility", "q12": "conflict", "entman_cause": "entman"})
    out = sentence_frames(matches, sentences).set_index(["doc_id", "sentence_id", "frame"])
    assert len(out) == 3 * 6
    assert out.loc[("d1", 0, "responsibility"), "items"] == "q01|q03"
    assert out.loc[("d1", 0, "responsibility"), "score"] == 0.4  # 2 of the frame's 5 questions
    assert out.loc[("d1", 0, "entman"), "items"] == "entman_cause"
    assert out.loc[("d2", 0, "conflict"), "items"] == "q12"
    assert out.loc[("d1", 1, "conflict"), "items"] == "" and out.loc[("d1", 1, "conflict"), "score"] == 0
    assert list(out.index.get_level_values("doc_id")[:6]) == ["d1"] * 6  # sorted by document and sentence
