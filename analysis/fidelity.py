"""Relay fidelity: align the sentences of two texts relaying the same report and flag differences.

Pairs of documents that relay the same underlying report are data
(``data/relay_pairs.csv``: ``doc_a, doc_b, shared_report, note``).  For each
pair, sentences (own voice and quoted blocks) are compared by cosine
similarity of TF-IDF stem vectors and matched one to one, greedily by
decreasing similarity, above ``min_similarity``.  Each aligned pair is then
checked for:

* ``polarity``: a negation (ne … pas, n', aucun, ni, sans, jamais, non) in one
  sentence and none in the other;
* ``numbers``: different numbers (``100 000`` and ``100000`` are the same);
* ``actors``: different named people (actors of kind ``person`` in ``data/actors.csv``);
* ``modality``: a conditional verb (``-rait``/``-raient``) in one and not the other;
* ``quote_wording``: both quote directly, with different words;
* ``reporting_verb``: the reporting verbs' connotations differ (e.g. *a
  déclaré* vs *prétend*).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.metrics.pairwise import cosine_similarity

from .config import DATA_DIR
from .events import COVERAGE_LAYERS
from .sourcing import find_mentions, find_verbs, load_actors
from .terms import TermCounts

_NEGATION = re.compile(r"\bne\b|\bn['’]|\baucune?\b|\bni\b|\bsans\b|\bjamais\b|\bnon\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+(?:[.,]\d+)?")
_CONDITIONAL = re.compile(r"\b(?:[^\W\d_]*(?:er|ir|dr|rr|vr|ttr)|s?au|se|fe|i)rai(?:t|ent)\b", re.IGNORECASE)
_DIRECT = re.compile(r"[«“\"]\s*([^»”\"]{12,}?)\s*[»”\"]")


def load_relay_pairs(path: Path = DATA_DIR / "relay_pairs.csv") -> pd.DataFrame:
    """Load pairs of documents relaying the same report (``doc_a, doc_b, shared_report, note``)."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def align(a: pd.DataFrame, b: pd.DataFrame, min_similarity: float = 0.3) -> pd.DataFrame:
    """Align the sentences of two documents one to one by TF-IDF stem cosine.

    Returns
    -------
    pandas.DataFrame
        ``sentence_a, sentence_b, similarity`` sorted by ``sentence_a``.
    """
    texts = list(a["text"]) + list(b["text"])
    counts = TermCounts(unit="stem").fit(texts)
    tfidf = TfidfTransformer().fit(counts.transform(texts))
    sim = cosine_similarity(tfidf.transform(counts.transform(a["text"])), tfidf.transform(counts.transform(b["text"])))
    order = np.dstack(np.unravel_index(np.argsort(-sim, axis=None, kind="stable"), sim.shape))[0]
    used_a, used_b, rows = set(), set(), []
    for i, j in order:
        if sim[i, j] < min_similarity:
            break
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        rows.append((int(a["sentence_id"].iloc[i]), int(b["sentence_id"].iloc[j]), round(float(sim[i, j]), 4)))
    return pd.DataFrame(rows, columns=["sentence_a", "sentence_b", "similarity"]).sort_values("sentence_a").reset_index(drop=True)


def _numbers(text: str) -> set[str]:
    return {re.sub(r"[ \u00a0\u202f]", "", n) for n in _NUMBER.findall(text)}


def _actors(text: str) -> set[str]:
    people = _people()
    return {m.speaker for m in find_mentions(text) if m.speaker in people}


def _people() -> set[str]:
    """Actors of kind ``person`` (countries and institutions named by metonymy are left out)."""
    actors = load_actors()
    return set(actors.loc[actors.get("kind", pd.Series("person", index=actors.index)) == "person", "actor"])


def _quotes(text: str) -> list[str]:
    return [" ".join(q.split()) for q in _DIRECT.findall(text)]


def differences(text_a: str, text_b: str) -> list[tuple[str, str]]:
    """Kinds of difference between two aligned sentences, with a readable detail each."""
    out = []
    neg_a, neg_b = _NEGATION.findall(text_a), _NEGATION.findall(text_b)
    if bool(neg_a) != bool(neg_b):
        which = "a" if neg_a else "b"
        out.append(("polarity", f"negation only in {which}: {', '.join(sorted(set(w.lower() for w in (neg_a or neg_b))))}"))
    num_a, num_b = _numbers(text_a), _numbers(text_b)
    if num_a != num_b and (num_a or num_b):
        out.append(("numbers", f"a: {', '.join(sorted(num_a)) or '-'}; b: {', '.join(sorted(num_b)) or '-'}"))
    act_a, act_b = _actors(text_a), _actors(text_b)
    if act_a != act_b and act_a and act_b:
        out.append(
            ("actors", f"only in a: {', '.join(sorted(act_a - act_b)) or '-'}; only in b: {', '.join(sorted(act_b - act_a)) or '-'}")
        )
    con_a, con_b = _CONDITIONAL.findall(text_a), _CONDITIONAL.findall(text_b)
    if bool(con_a) != bool(con_b):
        out.append(("modality", f"conditional only in {'a' if con_a else 'b'}: {', '.join(con_a or con_b)}"))
    q_a, q_b = _quotes(text_a), _quotes(text_b)
    if q_a and q_b and set(q_a) != set(q_b):
        out.append(("quote_wording", f"a: « {' / '.join(q_a)} »; b: « {' / '.join(q_b)} »"))
    v_a, v_b = {v[3] for v in find_verbs(text_a)}, {v[3] for v in find_verbs(text_b)}
    if v_a and v_b and v_a != v_b:
        out.append(("reporting_verb", f"a: {', '.join(sorted(v_a))}; b: {', '.join(sorted(v_b))}"))
    return out


def discrepancies(raw_sentences: pd.DataFrame, pairs: pd.DataFrame | None = None, min_similarity: float = 0.3) -> dict[str, pd.DataFrame]:
    """Align every relay pair and list the differences of each aligned sentence pair.

    Parameters
    ----------
    raw_sentences : pandas.DataFrame
        Sentences with their exact raw ``text``.
    pairs : pandas.DataFrame, optional
        Relay pairs (default ``data/relay_pairs.csv``); pairs naming a
        document absent from the corpus are skipped.

    Returns
    -------
    dict of pandas.DataFrame
        ``alignments`` (``doc_a, sentence_a, doc_b, sentence_b, similarity``)
        and ``discrepancies`` (``doc_a, sentence_a, doc_b, sentence_b, kind,
        detail, similarity``).
    """
    pairs = load_relay_pairs() if pairs is None else pairs
    s = raw_sentences[raw_sentences["layer"].astype(str).isin(COVERAGE_LAYERS)]
    docs = set(s["doc_id"])
    aligned, found = [], []
    for p in pairs.itertuples():
        if p.doc_a not in docs or p.doc_b not in docs:
            continue
        a, b = s[s["doc_id"] == p.doc_a], s[s["doc_id"] == p.doc_b]
        al = align(a, b, min_similarity).assign(doc_a=p.doc_a, doc_b=p.doc_b)
        aligned.append(al)
        ta, tb = a.set_index("sentence_id")["text"], b.set_index("sentence_id")["text"]
        for r in al.itertuples():
            for kind, detail in differences(ta[r.sentence_a], tb[r.sentence_b]):
                found.append((p.doc_a, r.sentence_a, p.doc_b, r.sentence_b, kind, " ".join(detail.split()), r.similarity))
    cols = ["doc_a", "sentence_a", "doc_b", "sentence_b", "similarity"]
    alignments = pd.concat(aligned, ignore_index=True)[cols] if aligned else pd.DataFrame(columns=cols)
    disc = pd.DataFrame(found, columns=["doc_a", "sentence_a", "doc_b", "sentence_b", "kind", "detail", "similarity"])
    return {"alignments": alignments, "discrepancies": disc.sort_values(["doc_a", "doc_b", "sentence_a", "kind"]).reset_index(drop=True)}
