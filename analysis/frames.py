"""Generic news frames (Semetko & Valkenburg 2000), Entman's functions and persuasion techniques.

Semetko & Valkenburg (2000, *Journal of Communication* 50(2)) code five
generic frames with 20 yes/no questions (``q01``-``q20``: responsibility
q01-q05, human interest q06-q10, conflict q11-q14, morality q15-q17,
economic consequences q18-q20); Entman (1993) names four functions of a
frame (problem definition, causal attribution, moral judgement, remedy).
The codebook is ``docs/frames_codebook.md``.

Here each question is answered per sentence from cue patterns in the
corpus's language (a profile's ``frame_cues``: a sentence answers "yes" to
an item when one of the item's patterns matches it).  A sentence's **frame score**
is the share of the frame's questions it answers "yes" (the S&V scale, per
sentence); a frame is **present** in a sentence when the score is above 0.
A **document's answer** to a question is "yes" when any own-voice sentence
answers yes, which is how the hand coding (``frames_documents.csv``) was
made, so the two can be compared (agreement, Cohen's kappa).

Persuasion techniques named by SemEval-2023 Task 3 that cues can find
(a profile's ``persuasion``: loaded language, name calling,
doubt, appeal to fear, exaggeration or minimisation, whataboutism) are
counted like the cues of :mod:`analysis.cues`; a lexicon only finds
candidates, not proven uses of a technique.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from .config import SEED
from .corpus import OWN_VOICE, Corpus
from .cues import match_lexicon
from .profile import ENTMAN, FRAMES, ITEM_FRAME, ITEMS, TECHNIQUES
from .resample import by_cluster, category_resampled_sums, resampled_sums

__all__ = ["ENTMAN", "FRAMES", "ITEMS", "ITEM_FRAME", "TECHNIQUES"]


def item_matches(corpus: Corpus, sentences: pd.DataFrame, lexicon: pd.DataFrame) -> pd.DataFrame:
    """Every frame-question cue found, with offsets (``lexicon``: a profile's ``frame_cues``).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, outlet, sentence_id, layer, start, end, item, frame, cue``.
    """
    lexicon = lexicon.reset_index(drop=True)
    # One alternation per question: a cue may answer several questions.
    out = match_lexicon(corpus, sentences, lexicon, ("item", "frame", "cue"), by="item")
    cols = ["doc_id", "outlet", "sentence_id", "layer", "start", "end", "item", "frame", "cue"]
    return out[cols].sort_values(["doc_id", "start", "item"]).reset_index(drop=True)


def sentence_frames(matches: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Frame scores per sentence (non-boilerplate), one row per sentence and frame.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, outlet, sentence_id, layer, frame, score, items`` where
        ``score`` is the share of the frame's questions answered yes and
        ``items`` lists them ("|"-separated).

    Examples
    --------
    A sentence answering two of the conflict frame's four questions (q11,
    q13; Semetko & Valkenburg 2000) scores 2/4 on it, 0 on the others.

    >>> matches = pd.DataFrame({"doc_id": ["d", "d"], "sentence_id": [0, 0], "item": ["q11", "q13"], "frame": ["conflict"] * 2})
    >>> sentences = pd.DataFrame({"doc_id": ["d"], "outlet": ["o"], "sentence_id": [0], "layer": ["relay_commentary"]})
    >>> sentence_frames(matches, sentences).query("score > 0")[["frame", "score", "items"]].to_dict("records")
    [{'frame': 'conflict', 'score': 0.5, 'items': 'q11|q13'}]
    """
    s = sentences[sentences["layer"] != "boilerplate"][["doc_id", "outlet", "sentence_id", "layer"]]
    yes = matches.drop_duplicates(["doc_id", "sentence_id", "item"])
    size = pd.Series(ITEM_FRAME).value_counts()
    grid = s.merge(pd.DataFrame({"frame": [*FRAMES, "entman"]}), how="cross")
    agg = _joined_items(yes)
    out = grid.merge(agg, on=["doc_id", "sentence_id", "frame"], how="left")
    out["items"] = out["items"].astype(object).fillna("")  # no frame item anywhere: an all-missing column, not strings
    out["score"] = (out["items"].str.count(r"\|") + out["items"].ne("")).div(out["frame"].map(size)).round(4)
    out["layer"] = out["layer"].astype(str)
    return (
        out[["doc_id", "outlet", "sentence_id", "layer", "frame", "score", "items"]]
        .sort_values(["doc_id", "sentence_id", "frame"])
        .reset_index(drop=True)
    )


def _joined_items(yes: pd.DataFrame) -> pd.DataFrame:
    """Return the items answered yes per (document, sentence, frame), sorted and "|"-joined (one join per group, no Series per group)."""
    keys = ["doc_id", "sentence_id", "frame"]
    yes = yes[[*keys, "item"]].sort_values([*keys, "item"]).reset_index(drop=True)
    same = np.zeros(len(yes), dtype=bool)  # the row continues the previous row's group
    same[1:] = True
    for key in keys:
        values = yes[key].to_numpy()
        same[1:] &= values[1:] == values[:-1]
    bounds = np.r_[np.flatnonzero(~same), len(yes)]
    items = yes["item"].to_numpy(dtype=object)
    out = yes.loc[bounds[:-1], keys].reset_index(drop=True)
    out["items"] = ["|".join(items[a:b]) for a, b in zip(bounds[:-1], bounds[1:])]
    return out


def frame_profile(
    frames: pd.DataFrame, by: str = "outlet", layers: Sequence[str] | None = OWN_VOICE, n_boot: int = 1000, seed: int = SEED
) -> pd.DataFrame:
    """Share of each outlet's sentences where each frame is present, with bootstrap intervals.

    The intervals (5th-95th percentiles) resample the group's documents when
    it has two or more (a cluster bootstrap, :func:`analysis.resample.by_cluster`:
    a replicate's share is the frame's sentences over all sentences of the
    documents drawn), else its sentences: a replicate's share is then drawn
    as a binomial count of sentences with the frame
    (:func:`~analysis.resample.category_resampled_sums`: the same bootstrap
    distribution in time independent of the number of sentences).

    Returns
    -------
    pandas.DataFrame
        ``<by>, frame, n_sentences, present, share, share_p05, share_p95, mean_score, resampled``.
    """
    f = frames if layers is None else frames[frames["layer"].isin(list(layers))]
    rng = np.random.default_rng(seed)
    rows = []
    for (group, frame), g in f.groupby([by, "frame"]):
        present = (g["score"] > 0).to_numpy(dtype=float)
        units, level = by_cluster(np.column_stack([present, np.ones(len(present))]), g["doc_id"].to_numpy())
        if level == "sentences":
            boot = category_resampled_sums(rng, present, n_boot) / len(present)
        else:
            sums = resampled_sums(rng, units, n_boot)
            boot = sums[:, 0] / sums[:, 1]
        rows.append(
            {
                by: group,
                "frame": frame,
                "n_sentences": len(g),
                "present": int(present.sum()),
                "share": round(float(present.mean()), 4),
                "share_p05": round(float(np.percentile(boot, 5)), 4),
                "share_p95": round(float(np.percentile(boot, 95)), 4),
                "mean_score": round(float(g["score"].mean()), 4),
                "resampled": level,
            }
        )
    return pd.DataFrame(rows)


def document_answers(matches: pd.DataFrame, documents: pd.DataFrame, layers: Sequence[str] = OWN_VOICE) -> pd.DataFrame:
    """Each document's yes/no answer to every item: yes when an own-voice sentence answers yes."""
    yes = (
        matches[matches["layer"].isin(list(layers))]
        .groupby(["doc_id", "item"])["sentence_id"]
        .apply(lambda x: "|".join(str(i) for i in sorted(set(x))))
    )
    grid = pd.MultiIndex.from_product([sorted(documents["doc_id"]), ITEMS], names=["doc_id", "item"])
    out = yes.reindex(grid).rename("evidence_sentence_ids").reset_index()
    out["answer"] = np.where(out["evidence_sentence_ids"].notna(), "yes", "no")
    out["evidence_sentence_ids"] = out["evidence_sentence_ids"].fillna("")
    out["frame"] = out["item"].map(ITEM_FRAME)
    return out[["doc_id", "item", "frame", "answer", "evidence_sentence_ids"]]


def load_frame_coding(path: Path) -> pd.DataFrame:
    """Load the hand coding of each document's answers (``doc_id, item, answer, ...``)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def frame_agreement(auto: pd.DataFrame, hand: pd.DataFrame) -> pd.DataFrame:
    """Agreement of automatic and hand document answers, per frame and overall (raw % and Cohen's kappa)."""
    from sklearn.metrics import cohen_kappa_score

    m = auto.merge(hand[["doc_id", "item", "answer"]], on=["doc_id", "item"], suffixes=("_auto", "_hand"))
    rows = []
    for frame, g in list(m.groupby("frame")) + [("all", m)]:
        same = float((g["answer_auto"] == g["answer_hand"]).mean())
        kappa = (
            cohen_kappa_score(g["answer_hand"], g["answer_auto"], labels=["yes", "no"])
            if g["answer_hand"].nunique() > 1 or g["answer_auto"].nunique() > 1
            else float("nan")
        )
        rows.append(
            {
                "frame": frame,
                "n": len(g),
                "agreement": round(same, 3),
                "cohen_kappa": round(float(kappa), 3) if not np.isnan(kappa) else float("nan"),
                "yes_hand": int((g["answer_hand"] == "yes").sum()),
                "yes_auto": int((g["answer_auto"] == "yes").sum()),
            }
        )
    return pd.DataFrame(rows)


def persuasion_matches(corpus: Corpus, sentences: pd.DataFrame, lexicon: pd.DataFrame) -> pd.DataFrame:
    """Persuasion-technique cues, in the cue-table form (``cue_type`` = technique), with offsets (``lexicon``: a profile's ``persuasion``)."""
    found = match_lexicon(corpus, sentences, lexicon.rename(columns={"technique": "cue_type"}), ("cue_type", "cue"))
    found["connotation"] = ""
    cols = ["doc_id", "sentence_id", "start", "end", "cue_type", "cue", "connotation", "outlet", "layer"]
    return found[cols].sort_values(["doc_id", "start"]).reset_index(drop=True)
