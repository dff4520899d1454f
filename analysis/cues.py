"""Evaluative and epistemic cues, the journalistic conditional, and naming choices.

Cue lexicons are data (a profile's ``cues`` and ``naming``: the language's
defaults in ``analysis/languages/<code>/`` extended or replaced by the
corpus's ``lexicons/``; codebooks ``docs/cues_codebook.md`` (French) and
``docs/cues_codebook_en.md`` (English)): each row has a regular expression
matched case-insensitively on whole words of the raw text.  All patterns of a
lexicon are compiled into one alternation (longest first) and run once per
document; matches are mapped to sentences by offset, so every cue row keeps
``doc_id``, ``sentence_id`` and its ``start``/``end`` in the raw text.

**Journalistic conditional** (conditionnel d'emprunt, Kronning 2002; Bres
2012): a conditional that reports an unconfirmed claim ("Ses commentaires
auraient provoqué la colère de Kiev").  It is a rule of French grammar: its
patterns are the ``[conditional]`` section of the language's ``rules.toml``
(a language without that section has no conditional rule; English marks
unconfirmed reports with words, the ``evidential`` cues of its lexicon).
The French rule, tuned for precision:

* a past conditional (``aurait``/``auraient``/``serait``/``seraient`` + past
  participle, one adverb allowed between), except the modal "aurait dû"; or
* any third-person conditional (``-rait``/``-raient``) in a sentence that
  names a source ("selon", "d'après", "de source(s)", "citant");
* and in both cases, not after "si"/"s'il"/"au cas où" (hypothetical) nor
  after a complementiser "que"/"qu'" (future in the past: "a déclaré qu'une
  victoire serait …"; adverbial "alors que", "bien que" … do not block),
  never the modals pouvoir/devoir/falloir/vouloir/aimer (hedges in the
  lexicon) nor the counterfactual "aurait dû/pu/fallu/voulu".
* conditional forms are recognised by their future stem (``-erait``,
  ``-irait``, ``-drait``, ``-rrait``, ``-vrait``, ``-ttrait``, ``aurait``,
  ``serait``, ``ferait``, ``irait``), so imperfects ("préparait") and nouns
  ("retrait") are not counted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd
import scipy.sparse as sp

from . import kernels
from .config import SEED
from .corpus import OWN_VOICE, Corpus
from .language import Rules
from .profile import CONNOTATIONS
from .resample import by_cluster, resampled_sums
from .terms import select_layers

__all__ = ["CONNOTATIONS", "conditional_spans", "cue_rates", "find_conditionals", "find_cues", "match_lexicon", "naming_table"]
CUE_COLUMNS = ["doc_id", "sentence_id", "start", "end", "cue_type", "cue", "connotation", "outlet", "layer"]


def combined_pattern(patterns: Sequence[str]) -> re.Pattern:
    """One case-insensitive whole-word alternation of ``patterns``, longest first (:func:`analysis.kernels.alternation`).

    :func:`analysis.kernels.alternative` gives the row of the pattern behind a match.
    """
    return kernels.alternation(patterns)


@lru_cache(maxsize=32)
def _scanner(alternatives: tuple[tuple[str, ...], ...]):
    """One scanner (:func:`analysis.kernels.scanner`) over the alternations of these pattern lists (cached per lexicon)."""
    return kernels.scanner(alternatives, [combined_pattern(list(p)) for p in alternatives])


def _locate(corpus: Corpus, sentences: pd.DataFrame, finder) -> pd.DataFrame:
    """Run ``finder(texts)`` -> [[(start, end, key)] per text] on the documents; attach sentences.

    All matches are placed in their sentences at once, by one binary search
    over the sentences sorted by (document, start).
    """
    found = finder(list(corpus.documents["text"]))
    hits = [(i, a, b, key) for i, spans in enumerate(found) for a, b, key in spans]
    columns = ["doc_id", "sentence_id", "start", "end", "key", "outlet", "layer"]
    if not hits:
        return pd.DataFrame(columns=columns)
    doc, start, end, key = (np.array(v) for v in zip(*hits))
    code = pd.Index(corpus.documents["doc_id"])
    s = sentences.assign(_code=code.get_indexer(sentences["doc_id"]))
    s = s[s["_code"] >= 0].sort_values(["_code", "start"])
    width = int(corpus.documents["n_chars"].max()) + 1
    s_code, s_start, s_end = s["_code"].to_numpy(), s["start"].to_numpy(), s["end"].to_numpy()
    k = np.searchsorted(s_code * width + s_start, doc * width + start, side="right") - 1
    ok = (k >= 0) & (s_code[np.maximum(k, 0)] == doc) & (start < s_end[np.maximum(k, 0)])
    k, doc = k[ok], doc[ok]
    return pd.DataFrame(
        {
            "doc_id": corpus.documents["doc_id"].to_numpy()[doc],
            "sentence_id": s["sentence_id"].to_numpy()[k].astype(int),
            "start": start[ok],
            "end": end[ok],
            "key": key[ok],
            "outlet": corpus.documents["outlet"].to_numpy()[doc],
            "layer": s["layer"].astype(str).to_numpy()[k],
        }
    )


def match_lexicon(
    corpus: Corpus, sentences: pd.DataFrame, lexicon: pd.DataFrame, columns: Sequence[str], by: str | None = None
) -> pd.DataFrame:
    """Find every match of a lexicon's patterns, with offsets and the lexicon's ``columns`` attached.

    Parameters
    ----------
    by : str, optional
        A lexicon column: one alternation per value (so one place may match
        once for each value, e.g. a cue answering several frame questions);
        by default one alternation for the whole lexicon.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, sentence_id, start, end, outlet, layer`` plus ``columns``
        (with ``by``: grouped by value, then by document and offset).
    """
    meta = lexicon.reset_index(drop=True)
    if meta.empty:  # e.g. a corpus without naming variants
        empty = pd.DataFrame(columns=["doc_id", "sentence_id", "start", "end", "outlet", "layer", *columns])
        return empty.astype({"sentence_id": np.int64, "start": np.int64, "end": np.int64})
    groups = [meta.index.to_numpy()] if by is None else [rows.index.to_numpy() for _, rows in meta.groupby(by, sort=True)]
    alternatives = tuple(tuple(meta.loc[rows, "pattern"]) for rows in groups)
    scanner = _scanner(alternatives)

    def hits(texts):
        spans = scanner.scan_many(
            texts, keep=lambda m: (m.start(), m.end(), kernels.alternative(m))
        )  # not the matches: a match of a large alternation holds kilobytes
        return [[(start, end, int(groups[a][k])) for a, (start, end, k) in found] for found in spans]

    found = _locate(corpus, sentences, hits)
    for col in columns:
        found[col] = meta.loc[found["key"], col].to_numpy()
    return found.drop(columns="key")


def find_cues(corpus: Corpus, sentences: pd.DataFrame, lexicon: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Every lexicon cue and journalistic conditional, with offsets.

    Parameters
    ----------
    corpus : Corpus
    sentences : pandas.DataFrame
        The sentence table.
    lexicon : pandas.DataFrame
        A profile's ``cues``.
    rules : Rules
        A profile's ``rules`` (the conditional rule of its language, if any).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, sentence_id, start, end, cue_type, cue, connotation, outlet,
        layer`` sorted by document and offset; ``cue`` is the lexicon's
        canonical form (for conditionals: the verb form as written).
    """
    hits = match_lexicon(corpus, sentences, lexicon, ("cue_type", "cue", "connotation"))
    cond = find_conditionals(corpus, sentences, rules)
    out = pd.concat([hits, cond], ignore_index=True)
    return out[CUE_COLUMNS].sort_values(["doc_id", "start", "cue_type"]).reset_index(drop=True)


def conditional_spans(sentence: str, rules: Rules) -> list[tuple[int, int]]:
    """Spans of journalistic conditionals in one sentence (see the module docstring); none without a conditional rule.

    Examples
    --------
    >>> from analysis.language import language_rules
    >>> fr = language_rules("fr")
    >>> s = "Selon la presse, le ministre aurait démissionné."
    >>> [s[a:b] for a, b in conditional_spans(s, fr)]
    ['aurait démissionné']
    >>> conditional_spans("Si la pluie venait, la récolte serait sauvée.", fr)
    []
    """
    rule = rules.conditional
    if rule is None:
        return []
    found = [(m.start(), m.end()) for m in rule.past.finditer(sentence)]
    if rule.source_marker.search(sentence):
        found += [(m.start(), m.end()) for m in rule.any.finditer(sentence)]
    keep: list[tuple[int, int]] = []
    for start, end in sorted(set(found), key=lambda span: (span[0], -span[1])):
        before = sentence[:start]
        if rule.hypothetical.search(before) or _subordinate(before, rule):
            continue
        if keep and start < keep[-1][1]:
            continue
        keep.append((start, end))
    return keep


def _subordinate(before: str, rule) -> bool:
    """Whether a complementiser "que" (not an adverbial "alors que", "bien que", ...) precedes."""
    return any((m.group(1) or "").lower().strip(",;:") not in rule.adverbial_heads for m in rule.complementiser.finditer(before))


def find_conditionals(corpus: Corpus, sentences: pd.DataFrame, rules: Rules) -> pd.DataFrame:
    """Journalistic conditionals as cue rows (``cue_type = "conditional"``; none when the language has no conditional rule)."""
    if rules.conditional is None:
        return pd.DataFrame(columns=CUE_COLUMNS)
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"]))
    rows = []
    for r in sentences.itertuples():
        raw = texts[r.doc_id][r.start : r.end]
        for a, b in conditional_spans(raw, rules):
            rows.append(
                (
                    r.doc_id,
                    int(r.sentence_id),
                    r.start + a,
                    r.start + b,
                    "conditional",
                    " ".join(raw[a:b].lower().split()),
                    "",
                    r.outlet,
                    str(r.layer),
                )
            )
    return pd.DataFrame(rows, columns=CUE_COLUMNS)


def cue_category(cues: pd.DataFrame) -> pd.Series:
    """``cue_type`` with its connotation where it has one (e.g. ``reporting_verb:distancing``)."""
    return cues["cue_type"].where(cues["connotation"].eq(""), cues["cue_type"] + ":" + cues["connotation"])


def per_thousand(count, tokens):
    """Return ``1000 * count / tokens``, undefined (NaN) where there are no tokens (an outlet whose sentences hold no word).

    >>> per_thousand(3, 1500), per_thousand(2, 0)
    (2.0, nan)
    """
    count, tokens = np.asarray(count, dtype=float), np.asarray(tokens, dtype=float)
    out = np.full(np.broadcast(count, tokens).shape, np.nan)
    np.divide(1000 * count, tokens, out=out, where=np.broadcast_to(tokens > 0, out.shape))
    return out if out.ndim else float(out)


def cue_rates(
    cues: pd.DataFrame,
    sentences: pd.DataFrame,
    by: str = "outlet",
    layers: Sequence[str] | None = OWN_VOICE,
    n_boot: int = 1000,
    seed: int = SEED,
    categories: Sequence[str] | None = None,
    always: Sequence[str] = (),
) -> pd.DataFrame:
    """Cue rates per 1,000 tokens per group, with bootstrap intervals over sentences.

    ``categories`` fixes the rows reported (default: every category found,
    plus those of ``always``, e.g. a profile's ``rules.always_report``:
    ``conditional`` in French), so a category never found still shows as 0.

    Each replicate resamples, within each group, its documents with
    replacement when it has two or more (a cluster bootstrap: words cluster
    by article, :func:`analysis.resample.by_cluster`), else its sentences;
    the rate is (cues in the resampled units) / (their tokens) x 1000.
    Intervals are the 5th and 95th percentiles; ``resampled`` says which
    units were resampled.

    Returns
    -------
    pandas.DataFrame
        ``<by>, category, count, n_tokens, per_1000, per_1000_p05, per_1000_p95, resampled``.
    """
    s = select_layers(sentences, layers).reset_index(drop=True)
    c = cues.assign(category=cue_category(cues)).merge(s[["doc_id", "sentence_id"]].reset_index(), on=["doc_id", "sentence_id"])
    c = c[c["category"].isin(categories)] if categories is not None else c
    categories = sorted(set(cue_category(cues)) | set(always)) if categories is None else list(categories)
    col = {cat: j for j, cat in enumerate(categories)}
    x = sp.csr_matrix((np.ones(len(c)), (c["index"], c["category"].map(col))), shape=(len(s), len(categories))).toarray()
    tokens = s["n_tokens"].to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    rows = []
    documents = s["doc_id"].astype(str).to_numpy()
    for group, idx in s.groupby(s[by].astype(str)).indices.items():
        counts, n_tok = x[idx].sum(axis=0), tokens[idx].sum()
        units, level = by_cluster(np.column_stack([x[idx], tokens[idx]]), documents[idx])
        sums = resampled_sums(rng, units, n_boot)
        boot = per_thousand(sums[:, :-1], sums[:, -1:])
        for j, cat in enumerate(categories):
            rows.append(
                {
                    by: group,
                    "category": cat,
                    "count": int(counts[j]),
                    "n_tokens": int(n_tok),
                    "per_1000": round(float(per_thousand(counts[j], n_tok)), 3),
                    "per_1000_p05": round(float(np.percentile(boot[:, j], 5)), 3),
                    "per_1000_p95": round(float(np.percentile(boot[:, j], 95)), 3),
                    "resampled": level,
                }
            )
    return pd.DataFrame(rows)


def naming_matches(corpus: Corpus, sentences: pd.DataFrame, lexicon: pd.DataFrame) -> pd.DataFrame:
    """Every naming-variant occurrence with offsets (``doc_id, sentence_id, start, end, outlet, layer, referent, variant, kind``).

    ``lexicon`` is a profile's ``naming`` (empty: no rows).
    """
    return match_lexicon(corpus, sentences, lexicon, ("referent", "variant", "kind"))


def naming_table(corpus: Corpus, sentences: pd.DataFrame, lexicon: pd.DataFrame) -> pd.DataFrame:
    """How each outlet names each referent, per voice layer.

    Returns
    -------
    pandas.DataFrame
        ``referent, variant, kind, outlet, layer, count`` for every variant
        of the lexicon and every outlet x layer present in the corpus
        (zeros included, so an unused variant is visible), sorted.
    """
    return naming_counts(naming_matches(corpus, sentences, lexicon), sentences, lexicon)


def naming_counts(found: pd.DataFrame, sentences: pd.DataFrame, lexicon: pd.DataFrame) -> pd.DataFrame:
    """Compute the table of :func:`naming_table` from the naming matches (:func:`naming_matches`)."""
    meta = lexicon.reset_index(drop=True)
    counts = found.groupby(["referent", "variant", "outlet", "layer"]).size().rename("count")
    cells = sentences[["outlet", "layer"]].astype(str).drop_duplicates()
    grid = meta[["referent", "variant", "kind"]].merge(cells, how="cross")
    out = grid.merge(counts.reset_index(), on=["referent", "variant", "outlet", "layer"], how="left")
    out["count"] = out["count"].fillna(0).astype(int)
    return out.sort_values(["referent", "variant", "outlet", "layer"]).reset_index(drop=True)
