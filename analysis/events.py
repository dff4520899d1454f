"""Events: align sentences to a catalogue of events, coverage per outlet, blindspots.

The catalogue (the profile's ``events.csv``: ``event_id, label, description, date,
date_precision, actors, cue_terms, note``) lists every event the texts
report.  A sentence is scored against each event by

``score = cosine(sentence, event) + 0.25 * min(cue hits, 4)``

where the cosine compares TF-IDF vectors of Snowball stems in the corpus's
language (the event's vector is built from its ``cue_terms``, written in the
corpus's language, and actor names) and a cue hit is a ``cue_terms`` phrase
found verbatim (case-insensitive) in the sentence.  A sentence is linked to every event whose score reaches the
threshold; the threshold is chosen on the hand alignment
(``data/annotations/event_links.csv``) to maximise F1, and evaluated
out-of-sample by leave-one-outlet-out (choose on four outlets, score the
fifth).

Coverage counts an outlet's own voice and the quoted blocks it chose to
include (not reader comments, not boilerplate).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.metrics.pairwise import cosine_similarity

from .errors import Problem, raise_if
from .terms import term_matrix

COVERAGE_LAYERS = ("relay_commentary", "original_outlet", "quoted_block")
CUE_WEIGHT = 0.25
#: Threshold used when a corpus has no hand alignment to choose one (the study's choice, see the README).
DEFAULT_THRESHOLD = 0.35


EVENT_COLUMNS = ["event_id", "label", "description", "date", "date_precision", "actors", "cue_terms", "note"]


def empty_catalogue() -> pd.DataFrame:
    """Return an event catalogue with no event (for corpora without ``events.csv``)."""
    return pd.DataFrame(columns=EVENT_COLUMNS)


def load_event_links(sentences: pd.DataFrame, path: Path, events: pd.DataFrame) -> pd.DataFrame:
    """Load the hand sentence -> event alignment, checking sentences and event ids (``events``: the profile's catalogue)."""
    links = pd.read_csv(path, dtype={"note": str}, keep_default_na=False)
    known = sentences.set_index(["doc_id", "sentence_id"])[["start", "end"]]
    ids = set(events["event_id"]) | {"none"}
    problems = []
    for line, row in zip(range(2, len(links) + 2), links.itertuples()):
        key = (row.doc_id, int(row.sentence_id))
        if row.event_id not in ids:
            problems.append(
                Problem(path.name, line, "event_id", f"unknown event '{row.event_id}'", "add it to the corpus's events.csv or fix the id")
            )
        if key not in known.index:
            problems.append(Problem(path.name, line, "sentence_id", f"no sentence {key}", "check doc_id and sentence_id"))
        elif tuple(known.loc[key]) != (row.start, row.end):
            problems.append(Problem(path.name, line, "start", f"offsets no longer match sentence {key}", "re-anchor the row"))
    raise_if(problems)
    return links


def _event_documents(events: pd.DataFrame) -> list[str]:
    """Text standing for each event: its cue terms and actor names."""
    return [" ".join(row.cue_terms.split("|") + row.actors.split("|")) for row in events.itertuples()]


def stem_document_frequencies(texts: Sequence[str], stop_words: Iterable[str] | None, stemmer: str) -> pd.Series:
    """Count the texts containing each stem (the document frequency behind the TF-IDF of :func:`event_scores`).

    ``stop_words`` and ``stemmer`` are the profile's.  Frequencies of
    disjoint sets of texts add up, so a corpus read in chunks gets the same
    idf as a corpus read at once (:mod:`analysis.scale.engine`).
    """
    x, stems = term_matrix(list(texts), stop_words, unit="stem", stemmer=stemmer)
    if not len(stems):  # no text, or nothing but stopwords
        return pd.Series(dtype=np.int64, name="df", index=pd.Index([], dtype=object, name="stem"))
    df = np.asarray((x > 0).sum(axis=0)).ravel().astype(np.int64)
    return pd.Series(df, index=pd.Index(stems.astype(str), name="stem"), name="df")


def event_scores(
    sentences: pd.DataFrame,
    events: pd.DataFrame,
    stop_words: Iterable[str] | None,
    stemmer: str,
    frequencies: tuple[pd.Series, int] | None = None,
) -> pd.DataFrame:
    """Score every sentence against every event.

    The score is the cosine of the sentence's and the event's TF-IDF stem
    vectors (scikit-learn's smooth idf, the sentences and event descriptions
    being the documents) plus ``CUE_WEIGHT`` per cue term found (at most 4).

    Parameters
    ----------
    sentences : pandas.DataFrame
        Sentences to align (``doc_id, outlet, sentence_id, layer, text``).
    events : pandas.DataFrame
        The catalogue (the profile's ``events``).
    stop_words, stemmer
        The profile's stopwords and Snowball stemmer name.
    frequencies : (pandas.Series, int), optional
        Stem document frequencies and number of sentences of the whole
        corpus (:func:`stem_document_frequencies`), when ``sentences`` is one
        chunk of it; by default they are computed from ``sentences``.

    Returns
    -------
    pandas.DataFrame
        Long table ``doc_id, outlet, sentence_id, layer, event_id, cosine,
        cue_hits, score`` (only pairs with a non-zero score).
    """
    if events.empty or sentences.empty:
        return pd.DataFrame(columns=["doc_id", "outlet", "sentence_id", "layer", "event_id", "cosine", "cue_hits", "score"])
    texts = list(sentences["text"])
    event_docs = _event_documents(events)
    if frequencies is None:
        frequencies = (stem_document_frequencies(texts, stop_words, stemmer), len(texts))
    df, n_sentences = frequencies
    df = df.add(stem_document_frequencies(event_docs, stop_words, stemmer), fill_value=0)
    x, stems = term_matrix(
        texts + event_docs, stop_words, unit="stem", stemmer=stemmer
    )  # one tokenising pass; rows: sentences, then events
    x_texts, x_events = x[: len(texts)], x[len(texts) :]
    tfidf = TfidfTransformer().fit(x_events)
    # scikit-learn's smooth idf, ln((1 + n) / (1 + df)) + 1, from the corpus-wide frequencies
    n = float(n_sentences + len(event_docs)) + 1
    tfidf.idf_ = np.log(n / (df.reindex(stems.astype(str)).to_numpy(dtype=np.float64) + 1)) + 1.0
    sim = cosine_similarity(tfidf.transform(x_texts), tfidf.transform(x_events))
    hits = np.zeros_like(sim)
    lowered = sentences["text"].str.lower()
    for j, row in enumerate(events.itertuples()):
        for term in filter(None, (t.strip().lower() for t in row.cue_terms.split("|"))):
            hits[:, j] += lowered.str.contains(re.escape(term), regex=True).to_numpy()
    score = sim + CUE_WEIGHT * np.minimum(hits, 4)
    i, j = np.nonzero(score > 0)
    base = sentences.reset_index(drop=True)
    out = base.loc[i, ["doc_id", "outlet", "sentence_id", "layer"]].reset_index(drop=True)
    out["event_id"] = events["event_id"].to_numpy()[j]
    out["cosine"] = sim[i, j].round(4)
    out["cue_hits"] = hits[i, j].astype(int)
    out["score"] = score[i, j].round(4)
    return out.sort_values(["doc_id", "sentence_id", "event_id"]).reset_index(drop=True)


def _pr(pred: set, gold: set) -> tuple[float, float, float]:
    """Precision, recall and F1 of two sets of (doc, sentence, event) links."""
    tp = len(pred & gold)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _links(scores: pd.DataFrame, threshold: float) -> set:
    kept = scores[scores["score"] >= threshold]
    return set(zip(kept["doc_id"], kept["sentence_id"], kept["event_id"]))


def best_threshold(scores: pd.DataFrame, gold: pd.DataFrame) -> float:
    """Threshold on ``score`` that maximises F1 against the gold links (ties: the higher threshold).

    Scores are sorted once; true positives and predictions at every candidate
    threshold are cumulative sums, so the search is O(n log n).
    """
    gold_set = set(zip(gold["doc_id"], gold["sentence_id"], gold["event_id"]))
    if scores.empty or not gold_set:
        return DEFAULT_THRESHOLD
    s = scores.assign(score=scores["score"].round(4)).sort_values("score", ascending=False, kind="stable")
    hit = np.fromiter(((d, i, e) in gold_set for d, i, e in zip(s["doc_id"], s["sentence_id"], s["event_id"])), dtype=bool, count=len(s))
    tp, n_pred = np.cumsum(hit), np.arange(1, len(s) + 1)
    last = np.r_[s["score"].to_numpy()[1:] != s["score"].to_numpy()[:-1], True]  # last row of each distinct score
    precision, recall = tp[last] / n_pred[last], tp[last] / len(gold_set)
    f1 = np.where(precision + recall > 0, 2 * precision * recall / np.maximum(precision + recall, 1e-12), 0.0)
    candidates = s["score"].to_numpy()[last]
    best = max(range(len(candidates)), key=lambda k: (round(float(f1[k]), 12), candidates[k]))
    return float(candidates[best])


def evaluate_alignment(scores: pd.DataFrame, links: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Leave-one-outlet-out evaluation of the threshold choice against the hand alignment.

    Returns
    -------
    dict of pandas.DataFrame
        ``folds``: per held-out outlet, the threshold chosen on the other
        outlets and precision / recall / F1 on the held-out one; ``pooled``:
        the same over all held-out links; ``threshold``: the threshold chosen
        on all annotations (used for ``events.csv``).
    """
    gold = links[links["event_id"] != "none"]
    outlet_of = scores.drop_duplicates("doc_id").set_index("doc_id")["outlet"]
    gold = gold.assign(outlet=gold["doc_id"].map(outlet_of))
    rows, pred_all, gold_all = [], set(), set()
    for outlet in sorted(scores["outlet"].unique()):
        t = best_threshold(scores[scores["outlet"] != outlet], gold[gold["outlet"] != outlet])
        held = scores[scores["outlet"] == outlet]
        g = gold[gold["outlet"] == outlet]
        pred, gset = _links(held, t), set(zip(g["doc_id"], g["sentence_id"], g["event_id"]))
        p, r, f = _pr(pred, gset)
        rows.append(
            {
                "outlet": outlet,
                "threshold": round(t, 4),
                "n_gold": len(gset),
                "n_pred": len(pred),
                "precision": round(p, 3),
                "recall": round(r, 3),
                "f1": round(f, 3),
            }
        )
        pred_all |= pred
        gold_all |= gset
    p, r, f = _pr(pred_all, gold_all)
    pooled = pd.DataFrame(
        [
            {
                "outlet": "all (held-out)",
                "n_gold": len(gold_all),
                "n_pred": len(pred_all),
                "precision": round(p, 3),
                "recall": round(r, 3),
                "f1": round(f, 3),
            }
        ]
    )
    return {"folds": pd.DataFrame(rows), "pooled": pooled, "threshold": pd.DataFrame({"threshold": [best_threshold(scores, gold)]})}


def link_events(scores: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Sentence -> event links at a threshold (``doc_id, outlet, sentence_id, event_id, score``)."""
    kept = scores[scores["score"] >= threshold]
    return kept[["doc_id", "outlet", "sentence_id", "event_id", "score"]].reset_index(drop=True)


def coverage(links: pd.DataFrame, sentences: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """How much, how early and whether in the headline each outlet covers each event.

    Parameters
    ----------
    links : pandas.DataFrame
        Sentence -> event links (automatic or hand).
    sentences : pandas.DataFrame
        The sentence table (for layers, positions and token counts).

    Returns
    -------
    pandas.DataFrame
        One row per event x outlet (zeros kept): ``event_id, outlet,
        n_sentences, share_of_text`` (share of the outlet's covered-layer
        tokens in linked sentences), ``first_position`` (0 = start of the
        document, 1 = end; empty when not covered), ``in_headline`` (the
        document's first sentence is linked), ``covered``.
    """
    s = sentences[sentences["layer"].astype(str).isin(COVERAGE_LAYERS)]
    first = sentences.groupby("doc_id")["sentence_id"].min()
    m = links[links["event_id"] != "none"].merge(s[["doc_id", "sentence_id", "n_tokens", "position"]], on=["doc_id", "sentence_id"])
    m = m.drop_duplicates(["doc_id", "sentence_id", "event_id"])
    totals = s.groupby("outlet")["n_tokens"].sum()
    agg = m.groupby(["event_id", "outlet"]).agg(
        n_sentences=("sentence_id", "size"), tokens=("n_tokens", "sum"), first_position=("position", "min")
    )
    head = m[m["sentence_id"] == m["doc_id"].map(first)].groupby(["event_id", "outlet"]).size()
    grid = pd.MultiIndex.from_product([events["event_id"], sorted(sentences["outlet"].unique())], names=["event_id", "outlet"])
    out = agg.reindex(grid).reset_index()
    out["n_sentences"] = out["n_sentences"].fillna(0).astype(int)
    out["share_of_text"] = (out["tokens"].fillna(0) / out["outlet"].map(totals)).round(4)
    out["first_position"] = out["first_position"].round(4)
    out["in_headline"] = [bool(head.get((e, o), 0)) for e, o in zip(out["event_id"], out["outlet"])]
    out["covered"] = out["n_sentences"] > 0
    return out[["event_id", "outlet", "n_sentences", "share_of_text", "first_position", "in_headline", "covered"]]


def _not_after(event_date: str, doc_date: str) -> bool:
    """Whether an event is not dated after a document, at the coarser of the two precisions."""
    n = min(len(event_date), len(doc_date)) or 4
    return event_date[:n] <= doc_date[:n]


def blindspots(cov: pd.DataFrame, documents: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Events an outlet omits while at least one other outlet covers them.

    ``could_report`` is False when the event is dated after the outlet's
    document (a text cannot report what had not happened), so only rows with
    ``could_report`` are real omissions.

    Returns
    -------
    pandas.DataFrame
        ``event_id, outlet, covered_by`` (number of other outlets covering
        it), ``could_report``.
    """
    dates = events.set_index("event_id")["date"]
    doc_date = documents.groupby("outlet")["date"].max()
    n_cov = cov.groupby("event_id")["covered"].sum()
    miss = cov[~cov["covered"] & cov["event_id"].map(n_cov).gt(0)].copy()
    miss["covered_by"] = miss["event_id"].map(n_cov).astype(int)
    miss["could_report"] = [_not_after(str(dates[e]), str(doc_date.get(o, "9999"))) for e, o in zip(miss["event_id"], miss["outlet"])]
    return (
        miss[["event_id", "outlet", "covered_by", "could_report"]]
        .sort_values(["outlet", "covered_by", "event_id"], ascending=[True, False, True])
        .reset_index(drop=True)
    )
