"""Evaluative and epistemic cues, the journalistic conditional, and naming choices.

Cue lexicons are data (``data/lexicons/cues_fr.csv`` and ``naming_fr.csv``,
codebook in ``docs/cues_codebook.md``): each row has a regular expression
matched case-insensitively on whole words of the raw text.  All patterns of a
lexicon are compiled into one alternation (longest first) and run once per
document; matches are mapped to sentences by offset, so every cue row keeps
``doc_id``, ``sentence_id`` and its ``start``/``end`` in the raw text.

**Journalistic conditional** (conditionnel d'emprunt, Kronning 2002; Bres
2012): a conditional that reports an unconfirmed claim ("Ses commentaires
auraient provoqué la colère de Kiev").  Rule, tuned for precision:

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
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .config import LEXICON_DIR, SEED
from .corpus import OWN_VOICE, Corpus
from .errors import Problem, raise_if
from .matching import Scanner, alternative, word_alternation
from .resample import resampled_sums
from .terms import select_layers

CONNOTATIONS = {
    "reporting_verb": ("neutral", "distancing", "endorsing", "discrediting"),
    "loaded": ("negative", "positive", "neutral"),
    "hedge": ("",),
    "booster": ("",),
}
CUE_COLUMNS = ["doc_id", "sentence_id", "start", "end", "cue_type", "cue", "connotation", "outlet", "layer"]

_PARTICIPLE = r"[^\W\d_]+(?:é|ée|és|ées|i|ie|is|ies|u|ue|us|ues|it|ite|its|ert|erte|erts|ort|orte|int|inte)"
#: Past conditional; "aurait dû/pu/fallu/voulu" are counterfactual modals, not reports.
_PAST_CONDITIONAL = re.compile(rf"\b(?:aur|ser)ai(?:t|ent)\s+(?:[^\W\d_]+\s+)?(?!(?:dû|pu|fallu|voulu)\b){_PARTICIPLE}\b", re.IGNORECASE)
#: Third-person conditional forms (future stem + -ait/-aient), not imperfects ("préparait")
#: nor nouns ("retrait", "portrait"); modal pouvoir/devoir/falloir/vouloir/aimer excluded.
_ANY_CONDITIONAL = re.compile(
    r"\b(?!(?:pourr|devr|faudr|voudr|aimer)ai)(?:[^\W\d_]+(?:er|ir|dr|rr|vr|ttr|îtr)|s?au|se|fe|i)rai(?:t|ent)\b",
    re.IGNORECASE,
)
_SOURCE_MARKER = re.compile(r"\bselon\b|\bd['’]après\b|\bde sources?\b|\bcitant\b", re.IGNORECASE)
#: Hypothetical clauses block a reportive reading.
_HYPOTHETICAL = re.compile(r"\bsi\b|\bs['’]il|\bau cas où\b", re.IGNORECASE)
#: A complementiser "que" (future in the past: "a déclaré qu'une victoire serait …") blocks too,
#: unless it belongs to an adverbial conjunction ("alors que", "bien que", ...).
_QUE = re.compile(r"(?:(\S+)\s+)?\bqu(?:e\b|['’])", re.IGNORECASE)
_ADVERBIAL_HEADS = {
    "alors",
    "bien",
    "parce",
    "tandis",
    "pendant",
    "dès",
    "sans",
    "pour",
    "avant",
    "afin",
    "ainsi",
    "même",
    "après",
    "plutôt",
    "tant",
    "depuis",
    "maintenant",
    "sauf",
    "encore",
    "lors",
}


def _load_lexicon(path: Path, columns: Sequence[str], check_row) -> pd.DataFrame:
    """Read a CSV lexicon, validate every row, and raise with all problems."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    problems: list[Problem] = []
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        problems.append(Problem(path.name, 1, ",".join(missing), "missing column(s)", f"use the header {','.join(columns)}"))
        raise_if(problems)
    for line, row in zip(range(2, len(frame) + 2), frame.itertuples(index=False)):
        try:
            compiled = re.compile(row.pattern, re.IGNORECASE)
            if compiled.fullmatch(""):
                problems.append(
                    Problem(path.name, line, "pattern", "the pattern matches the empty string", "make it match at least one character")
                )
        except re.error as err:
            problems.append(Problem(path.name, line, "pattern", f"invalid regular expression ({err})", "fix the pattern"))
        check_row(row, line, problems, path.name)
    raise_if(problems)
    return frame


def _check_cue(row, line: int, problems: list[Problem], name: str) -> None:
    if row.cue_type not in CONNOTATIONS:
        problems.append(Problem(name, line, "cue_type", f"unknown cue_type '{row.cue_type}'", f"use one of {', '.join(CONNOTATIONS)}"))
    elif row.connotation not in CONNOTATIONS[row.cue_type]:
        allowed = ", ".join(c or "(empty)" for c in CONNOTATIONS[row.cue_type])
        problems.append(Problem(name, line, "connotation", f"'{row.connotation}' is not a connotation of {row.cue_type}", f"use {allowed}"))


def _check_naming(row, line: int, problems: list[Problem], name: str) -> None:
    if row.kind not in ("spelling", "loaded"):
        problems.append(Problem(name, line, "kind", f"unknown kind '{row.kind}'", "use 'spelling' or 'loaded'"))


@lru_cache(maxsize=4)
def load_cues(path: Path = LEXICON_DIR / "cues_fr.csv") -> pd.DataFrame:
    """Load the cue lexicon (``cue_type, cue, pattern, connotation, note``), validated."""
    return _load_lexicon(Path(path), ("cue_type", "cue", "pattern", "connotation", "note"), _check_cue)


@lru_cache(maxsize=4)
def load_naming(path: Path = LEXICON_DIR / "naming_fr.csv") -> pd.DataFrame:
    """Load the naming lexicon (``referent, variant, pattern, kind, note``), validated."""
    return _load_lexicon(Path(path), ("referent", "variant", "pattern", "kind", "note"), _check_naming)


def combined_pattern(patterns: Sequence[str]) -> re.Pattern:
    """One case-insensitive whole-word alternation of ``patterns``, longest first (see :mod:`analysis.matching`).

    :func:`analysis.matching.alternative` gives the row of the pattern behind a match.
    """
    return word_alternation(patterns)


@lru_cache(maxsize=32)
def _scanner(alternatives: tuple[tuple[str, ...], ...]) -> Scanner:
    """One :class:`~analysis.matching.Scanner` over the alternations of these pattern lists (cached per lexicon)."""
    return Scanner(alternatives, [combined_pattern(list(p)) for p in alternatives])


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
    groups = [meta.index.to_numpy()] if by is None else [rows.index.to_numpy() for _, rows in meta.groupby(by, sort=True)]
    alternatives = tuple(tuple(meta.loc[rows, "pattern"]) for rows in groups)
    scanner = _scanner(alternatives)

    def hits(texts):
        return [[(m.start(), m.end(), int(groups[a][alternative(m)])) for a, m in found] for found in scanner.scan_many(texts)]

    found = _locate(corpus, sentences, hits)
    for col in columns:
        found[col] = meta.loc[found["key"], col].to_numpy()
    return found.drop(columns="key")


def find_cues(corpus: Corpus, sentences: pd.DataFrame, lexicon: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every lexicon cue and journalistic conditional, with offsets.

    Returns
    -------
    pandas.DataFrame
        ``doc_id, sentence_id, start, end, cue_type, cue, connotation, outlet,
        layer`` sorted by document and offset; ``cue`` is the lexicon's
        canonical form (for conditionals: the verb form as written).
    """
    lexicon = load_cues() if lexicon is None else lexicon
    hits = match_lexicon(corpus, sentences, lexicon, ("cue_type", "cue", "connotation"))
    cond = find_conditionals(corpus, sentences)
    out = pd.concat([hits, cond], ignore_index=True)
    return out[CUE_COLUMNS].sort_values(["doc_id", "start", "cue_type"]).reset_index(drop=True)


def conditional_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans of journalistic conditionals in one sentence (see the module docstring)."""
    found = [(m.start(), m.end()) for m in _PAST_CONDITIONAL.finditer(sentence)]
    if _SOURCE_MARKER.search(sentence):
        found += [(m.start(), m.end()) for m in _ANY_CONDITIONAL.finditer(sentence)]
    keep: list[tuple[int, int]] = []
    for start, end in sorted(set(found), key=lambda span: (span[0], -span[1])):
        before = sentence[:start]
        if _HYPOTHETICAL.search(before) or _subordinate(before):
            continue
        if keep and start < keep[-1][1]:
            continue
        keep.append((start, end))
    return keep


def _subordinate(before: str) -> bool:
    """Whether a complementiser "que" (not an adverbial "alors que", "bien que", ...) precedes."""
    return any((m.group(1) or "").lower().strip(",;:") not in _ADVERBIAL_HEADS for m in _QUE.finditer(before))


def find_conditionals(corpus: Corpus, sentences: pd.DataFrame) -> pd.DataFrame:
    """Journalistic conditionals as cue rows (``cue_type = "conditional"``)."""
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"]))
    rows = []
    for r in sentences.itertuples():
        raw = texts[r.doc_id][r.start : r.end]
        for a, b in conditional_spans(raw):
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


def cue_rates(
    cues: pd.DataFrame,
    sentences: pd.DataFrame,
    by: str = "outlet",
    layers: Sequence[str] | None = OWN_VOICE,
    n_boot: int = 1000,
    seed: int = SEED,
    categories: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Cue rates per 1,000 tokens per group, with bootstrap intervals over sentences.

    ``categories`` fixes the rows reported (default: every category found,
    plus ``conditional``), so a category never found still shows as 0.

    Each replicate resamples, within each group, its sentences with
    replacement; the rate is (cues in the resampled sentences) / (their
    tokens) x 1000.  Intervals are the 5th and 95th percentiles.

    Returns
    -------
    pandas.DataFrame
        ``<by>, category, count, n_tokens, per_1000, per_1000_p05, per_1000_p95``.
    """
    s = select_layers(sentences, layers).reset_index(drop=True)
    c = cues.assign(category=cue_category(cues)).merge(s[["doc_id", "sentence_id"]].reset_index(), on=["doc_id", "sentence_id"])
    c = c[c["category"].isin(categories)] if categories is not None else c
    categories = sorted(set(cue_category(cues)) | {"conditional"}) if categories is None else list(categories)
    col = {cat: j for j, cat in enumerate(categories)}
    x = sp.csr_matrix((np.ones(len(c)), (c["index"], c["category"].map(col))), shape=(len(s), len(categories))).toarray()
    tokens = s["n_tokens"].to_numpy(dtype=float)
    rng = np.random.default_rng(seed)
    rows = []
    for group, idx in s.groupby(s[by].astype(str)).indices.items():
        counts, n_tok = x[idx].sum(axis=0), tokens[idx].sum()
        xs, ts = x[idx], tokens[idx]
        sums = resampled_sums(rng, np.column_stack([xs, ts]), n_boot)
        boot = 1000 * sums[:, :-1] / sums[:, -1:]
        for j, cat in enumerate(categories):
            rows.append(
                {
                    by: group,
                    "category": cat,
                    "count": int(counts[j]),
                    "n_tokens": int(n_tok),
                    "per_1000": round(1000 * counts[j] / n_tok, 3),
                    "per_1000_p05": round(float(np.percentile(boot[:, j], 5)), 3),
                    "per_1000_p95": round(float(np.percentile(boot[:, j], 95)), 3),
                }
            )
    return pd.DataFrame(rows)


def naming_matches(corpus: Corpus, sentences: pd.DataFrame, lexicon: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every naming-variant occurrence with offsets (``doc_id, sentence_id, start, end, outlet, layer, referent, variant, kind``)."""
    lexicon = load_naming() if lexicon is None else lexicon
    return match_lexicon(corpus, sentences, lexicon, ("referent", "variant", "kind"))


def naming_table(corpus: Corpus, sentences: pd.DataFrame, lexicon: pd.DataFrame | None = None) -> pd.DataFrame:
    """How each outlet names each referent, per voice layer.

    Returns
    -------
    pandas.DataFrame
        ``referent, variant, kind, outlet, layer, count`` for every variant
        of the lexicon and every outlet x layer present in the corpus
        (zeros included, so an unused variant is visible), sorted.
    """
    lexicon = load_naming() if lexicon is None else lexicon
    return naming_counts(naming_matches(corpus, sentences, lexicon), sentences, lexicon)


def naming_counts(found: pd.DataFrame, sentences: pd.DataFrame, lexicon: pd.DataFrame | None = None) -> pd.DataFrame:
    """Compute the table of :func:`naming_table` from the naming matches (:func:`naming_matches`)."""
    lexicon = load_naming() if lexicon is None else lexicon
    meta = lexicon.reset_index(drop=True)
    counts = found.groupby(["referent", "variant", "outlet", "layer"]).size().rename("count")
    cells = sentences[["outlet", "layer"]].astype(str).drop_duplicates()
    grid = meta[["referent", "variant", "kind"]].merge(cells, how="cross")
    out = grid.merge(counts.reset_index(), on=["referent", "variant", "outlet", "layer"], how="left")
    out["count"] = out["count"].fillna(0).astype(int)
    return out.sort_values(["referent", "variant", "outlet", "layer"]).reset_index(drop=True)
