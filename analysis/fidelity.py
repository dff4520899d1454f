"""Relay fidelity: align the sentences of two texts relaying the same report and flag differences.

Pairs of documents that relay the same underlying report are data (the
profile's ``relay_pairs.csv``: ``doc_a, doc_b, shared_report, note``).  For each
pair, sentences (own voice and quoted blocks) are compared by cosine
similarity of TF-IDF stem vectors and matched one to one, greedily by
decreasing similarity, above ``min_similarity``.  Each aligned pair is then
checked for:

* ``polarity``: a negation (French: ne … pas, n', aucun, ni, sans, jamais,
  non; the ``[fidelity]`` patterns of the language's ``rules.toml``) in one
  sentence and none in the other;
* ``numbers``: different numbers (``100 000`` and ``100000`` are the same);
* ``actors``: different named people (actors of kind ``person`` in the profile's ``actors.csv``);
* ``modality``: a conditional verb (French ``-rait``/``-raient``; English
  would, could, might, may, reportedly, allegedly) in one and not the other;
* ``quote_wording``: both quote directly, with different words;
* ``reporting_verb``: the reporting verbs' connotations differ (e.g. *a
  déclaré* vs *prétend*).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.metrics.pairwise import cosine_similarity

from .events import COVERAGE_LAYERS
from .sourcing import Speakers, find_mentions, find_verbs
from .terms import TermCounts

_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+(?:[.,]\d+)?")
_DIRECT = re.compile(r"[«“\"]\s*([^»”\"]{12,}?)\s*[»”\"]")


def align(a: pd.DataFrame, b: pd.DataFrame, stop_words: Iterable[str] | None, stemmer: str, min_similarity: float = 0.3) -> pd.DataFrame:
    """Align the sentences of two documents one to one by TF-IDF stem cosine (``stop_words`` and ``stemmer``: the profile's).

    Returns
    -------
    pandas.DataFrame
        ``sentence_a, sentence_b, similarity`` sorted by ``sentence_a``.
    """
    texts = list(a["text"]) + list(b["text"])
    counts = TermCounts(unit="stem", stop_words=stop_words, stemmer=stemmer).fit(texts)
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


def _actors(text: str, speakers: Speakers) -> set[str]:
    people = _people(speakers.actors)
    return {m.speaker for m in find_mentions(text, speakers) if m.speaker in people}


def _people(actors: pd.DataFrame) -> set[str]:
    """Actors of kind ``person`` or of no stated kind (countries and institutions named by metonymy are left out)."""
    return set(actors.loc[actors["kind"].isin(["person", ""]), "actor"])


def _quotes(text: str) -> list[str]:
    return [" ".join(q.split()) for q in _DIRECT.findall(text)]


def differences(text_a: str, text_b: str, speakers: Speakers) -> list[tuple[str, str]]:
    """Kinds of difference between two aligned sentences, with a readable detail each (``speakers``: ``Speakers.of(profile)``)."""
    out = []
    rules = speakers.rules
    neg_a, neg_b = rules.fidelity_negation.findall(text_a), rules.fidelity_negation.findall(text_b)
    if bool(neg_a) != bool(neg_b):
        which = "a" if neg_a else "b"
        out.append(("polarity", f"negation only in {which}: {', '.join(sorted(set(w.lower() for w in (neg_a or neg_b))))}"))
    num_a, num_b = _numbers(text_a), _numbers(text_b)
    if num_a != num_b and (num_a or num_b):
        out.append(("numbers", f"a: {', '.join(sorted(num_a)) or '-'}; b: {', '.join(sorted(num_b)) or '-'}"))
    act_a, act_b = _actors(text_a, speakers), _actors(text_b, speakers)
    if act_a != act_b and act_a and act_b:
        out.append(
            ("actors", f"only in a: {', '.join(sorted(act_a - act_b)) or '-'}; only in b: {', '.join(sorted(act_b - act_a)) or '-'}")
        )
    con_a, con_b = rules.fidelity_modality.findall(text_a), rules.fidelity_modality.findall(text_b)
    if bool(con_a) != bool(con_b):
        out.append(("modality", f"conditional only in {'a' if con_a else 'b'}: {', '.join(con_a or con_b)}"))
    q_a, q_b = _quotes(text_a), _quotes(text_b)
    if q_a and q_b and set(q_a) != set(q_b):
        out.append(("quote_wording", f"a: « {' / '.join(q_a)} »; b: « {' / '.join(q_b)} »"))
    v_a, v_b = {v[3] for v in find_verbs(text_a, speakers)}, {v[3] for v in find_verbs(text_b, speakers)}
    if v_a and v_b and v_a != v_b:
        out.append(("reporting_verb", f"a: {', '.join(sorted(v_a))}; b: {', '.join(sorted(v_b))}"))
    return out


def discrepancies(raw_sentences: pd.DataFrame, pairs: pd.DataFrame, profile, min_similarity: float = 0.3) -> dict[str, pd.DataFrame]:
    """Align every relay pair and list the differences of each aligned sentence pair.

    Parameters
    ----------
    raw_sentences : pandas.DataFrame
        Sentences with their exact raw ``text``.
    pairs : pandas.DataFrame
        Relay pairs (the profile's ``relay_pairs``); pairs naming a
        document absent from the corpus are skipped.
    profile : Profile
        The corpus's profile (stopwords, stemmer, actors, reporting verbs and grammar rules).

    Returns
    -------
    dict of pandas.DataFrame
        ``alignments`` (``doc_a, sentence_a, doc_b, sentence_b, similarity``)
        and ``discrepancies`` (``doc_a, sentence_a, doc_b, sentence_b, kind,
        detail, similarity``).
    """
    speakers = Speakers.of(profile)
    s = raw_sentences[raw_sentences["layer"].astype(str).isin(COVERAGE_LAYERS)]
    docs = set(s["doc_id"])
    aligned, found = [], []
    for p in pairs.itertuples():
        if p.doc_a not in docs or p.doc_b not in docs:
            continue
        a, b = s[s["doc_id"] == p.doc_a], s[s["doc_id"] == p.doc_b]
        al = align(a, b, profile.stopwords, profile.rules.stemmer, min_similarity).assign(doc_a=p.doc_a, doc_b=p.doc_b)
        aligned.append(al)
        ta, tb = a.set_index("sentence_id")["text"], b.set_index("sentence_id")["text"]
        for r in al.itertuples():
            for kind, detail in differences(ta[r.sentence_a], tb[r.sentence_b], speakers):
                found.append((p.doc_a, r.sentence_a, p.doc_b, r.sentence_b, kind, " ".join(detail.split()), r.similarity))
    cols = ["doc_a", "sentence_a", "doc_b", "sentence_b", "similarity"]
    alignments = pd.concat(aligned, ignore_index=True)[cols] if aligned else pd.DataFrame(columns=cols)
    disc = pd.DataFrame(found, columns=["doc_a", "sentence_a", "doc_b", "sentence_b", "kind", "detail", "similarity"])
    return {"alignments": alignments, "discrepancies": disc.sort_values(["doc_a", "doc_b", "sentence_a", "kind"]).reset_index(drop=True)}
