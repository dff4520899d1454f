"""Event alignment, coverage, blindspots, relay fidelity and side-by-side rendering."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.compare import highlight, outlet_distances
from analysis.events import _pr, best_threshold, blindspots, coverage, event_scores
from analysis.fidelity import align, differences
from analysis.profile import Profile
from analysis.sourcing import Speakers

FR = Profile.default("fr")
SPEAKERS = Speakers.of(FR)

EVENTS = pd.DataFrame(
    {
        "event_id": ["ankara", "shells"],
        "label": ["Ankara meeting", "Shells"],
        "description": ["", ""],
        "date": ["2022-11-14", "2022-11-10"],
        "date_precision": ["day", "day"],
        "actors": ["Bill Burns", ""],
        "cue_terms": ["ankara|naryshkin", "obus|cartouches d'artillerie|corée du sud"],
        "note": ["", ""],
    }
)
SENTS = pd.DataFrame(
    {
        "doc_id": ["a", "a", "b", "b"],
        "outlet": ["x", "x", "y", "y"],
        "sentence_id": [0, 1, 0, 1],
        "layer": ["original_outlet", "original_outlet", "relay_commentary", "reader_comment"],
        "text": [
            "Burns a rencontré Naryshkin à Ankara.",
            "Il fait beau.",
            "Les États-Unis achètent 100 000 obus à la Corée du Sud.",
            "Ankara encore.",
        ],
        "n_tokens": [6, 3, 11, 2],
        "position": [0.0, 0.5, 0.0, 0.9],
    }
)


def test_event_scores_rank_the_right_event():
    sc = event_scores(SENTS, EVENTS, FR.stopwords, "french")
    best = (
        sc.sort_values("score", ascending=False).drop_duplicates(["doc_id", "sentence_id"]).set_index(["doc_id", "sentence_id"])["event_id"]
    )
    assert best[("a", 0)] == "ankara" and best[("b", 0)] == "shells"
    assert not ((sc["doc_id"] == "a") & (sc["sentence_id"] == 1)).any()  # "Il fait beau." matches nothing


def test_threshold_and_precision_recall():
    scores = pd.DataFrame({"doc_id": ["a", "a", "b"], "sentence_id": [0, 1, 0], "event_id": ["e", "e", "e"], "score": [0.9, 0.2, 0.5]})
    gold = pd.DataFrame({"doc_id": ["a", "b"], "sentence_id": [0, 0], "event_id": ["e", "e"]})
    assert best_threshold(scores, gold) == pytest.approx(0.5)
    assert _pr({1, 2, 3}, {2, 3, 4, 5}) == pytest.approx((2 / 3, 0.5, 2 * (2 / 3) * 0.5 / (2 / 3 + 0.5)))


def test_coverage_counts_own_voice_and_blocks_not_comments():
    links = pd.DataFrame(
        {"doc_id": ["a", "b", "b"], "outlet": ["x", "y", "y"], "sentence_id": [0, 0, 1], "event_id": ["ankara", "shells", "ankara"]}
    )
    cov = coverage(links, SENTS, EVENTS).set_index(["event_id", "outlet"])
    assert cov.loc[("ankara", "x"), "n_sentences"] == 1 and bool(cov.loc[("ankara", "x"), "in_headline"])
    assert cov.loc[("ankara", "y"), "n_sentences"] == 0  # a reader comment is not the outlet's coverage
    assert cov.loc[("shells", "y"), "share_of_text"] == pytest.approx(11 / 11)
    docs = pd.DataFrame({"outlet": ["x", "y"], "date": ["2022-11-14", "2022-11-01"]})
    bs = blindspots(cov.reset_index(), docs, EVENTS).set_index(["event_id", "outlet"])
    assert bool(bs.loc[("shells", "x"), "could_report"]) and not bool(bs.loc[("ankara", "y"), "could_report"])


def test_differences_flag_polarity_numbers_modality_and_quotes():
    kinds = dict(differences("Ils pensent qu’il est temps de négocier.", "Ils ne pensent pas qu’il est temps de négocier.", SPEAKERS))
    assert "polarity" in kinds
    kinds = dict(differences("Ils achètent 100 000 obus.", "Ils achètent 100000 obus et 155 canons.", SPEAKERS))
    assert kinds["numbers"] == "a: 100000; b: 100000, 155"
    assert "modality" in dict(differences("Burns a rencontré Naryshkin.", "Burns aurait rencontré Naryshkin.", SPEAKERS))
    assert "quote_wording" in dict(
        differences(
            "Il a dit : « saisissez l’opportunité de négocier ».", "Il a dit : « saisissez-la quand la paix est possible ».", SPEAKERS
        )
    )


def test_english_differences_use_english_rules():
    en = Speakers.of(Profile.default("en"))
    assert "polarity" in dict(differences("The council approved the plan.", "The council did not approve the plan.", en))
    assert "modality" in dict(differences("The plant costs $412 million.", "The plant could cost $412 million.", en))


def test_align_is_one_to_one():
    a = pd.DataFrame({"sentence_id": [0, 1], "text": ["Burns a rencontré Naryshkin à Ankara lundi.", "Le temps est froid à Kiev."]})
    b = pd.DataFrame({"sentence_id": [5, 6], "text": ["Lundi, à Ankara, Burns a rencontré Naryshkin.", "Burns et Naryshkin à Ankara."]})
    al = align(a, b, FR.stopwords, "french", min_similarity=0.2)
    assert al["sentence_a"].is_unique and al["sentence_b"].is_unique
    assert al.set_index("sentence_a").loc[0, "sentence_b"] == 5


def test_highlight_escapes_corpus_text():
    html = highlight("<script>alert(1)</script> Kiev", [(26, 30, "naming", 'variant "Kiev"')])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<mark class="naming"' in html and "Kiev</mark>" in html and ("&quot;Kiev&quot;" in html or "&#34;Kiev&#34;" in html)


def test_outlet_distances_are_symmetric_with_zero_diagonal():
    fp = pd.DataFrame(
        {"outlet": ["x", "x", "y", "y", "z", "z"], "frame": ["conflict", "morality"] * 3, "share": [0.5, 0.1, 0.2, 0.4, 0.5, 0.1]}
    )
    sp = pd.DataFrame({"outlet": ["x", "y", "z"], "voice": "own", "target": "negotiations", "net": [0.1, -0.2, 0.1]})
    sim = pd.DataFrame([[1, 0.2, 0.9], [0.2, 1, 0.3], [0.9, 0.3, 1]], index=list("xyz"), columns=list("xyz"))
    d = outlet_distances(fp, sp, sim)
    for view in ("frames", "stance", "lexicon", "combined"):
        m = d[view].to_numpy()
        assert (m == m.T).all() and (m.diagonal() == 0).all()
    assert d["combined"].loc["x", "z"] < d["combined"].loc["x", "y"]


def test_study_events_on_real_corpus(study):
    pooled = study.event_evaluation["pooled"].iloc[0]
    assert 0 < pooled["precision"] <= 1 and 0 < pooled["recall"] <= 1
    ev = study.events
    assert set(ev.columns) == {"doc_id", "outlet", "sentence_id", "event_id", "score"}
    cov = study.coverage
    assert list(cov.columns) == ["event_id", "outlet", "n_sentences", "share_of_text", "first_position", "in_headline", "covered"]
    # one row per event x outlet, zeros kept
    assert len(cov) == len(study.event_catalogue) * study.documents["outlet"].nunique()
    assert cov.groupby("event_id").size().eq(study.documents["outlet"].nunique()).all()


def test_alignment_is_scored_on_the_hand_aligned_documents_only(study):
    """A document nobody aligned by hand must not turn the model's links in it into false positives."""
    from analysis.events import evaluate_alignment
    from analysis.pipeline import Study

    scores, hand = study.event_scores, study.hand_event_links
    doc = hand["doc_id"].iloc[0]
    extra = scores[scores["doc_id"] == doc].assign(doc_id="not_aligned_by_hand")
    widened = pd.concat([scores, extra], ignore_index=True)
    # scoring the unannotated copy against the hand links would count its links as wrong ...
    naive = evaluate_alignment(widened, hand)["pooled"].iloc[0]
    assert naive["n_pred"] > study.event_evaluation["pooled"].iloc[0]["n_pred"]
    # ... the study leaves it out, so the evaluation and the threshold do not move
    other = Study.from_tables(study.corpus, {"event_scores": widened, "hand_event_links": hand})
    for key in ("folds", "pooled", "threshold"):
        pd.testing.assert_frame_equal(other.event_evaluation[key], study.event_evaluation[key])
