"""Headline findings that read right for any corpus: each sentence computed, and written only when the data support it.

A finding is a sentence and, optionally, a function that draws its figure.
Each function below returns ``None`` instead of a sentence when its data
cannot support one, so a report never prints a template filled whatever the
data: no range whose two ends are equal, no comparison of an outlet with
itself, no contrast of two shares that the counts cannot tell apart, and a
count beside every share ("12 of 40 quotes, 30%").

The thresholds are module constants, stated in the README ("Reading the
report"):

* :data:`MIN_QUOTES`: an outlet's sourcing shares are compared only when it
  has at least this many quotes;
* :data:`MIN_GAP`: two shares are called different only when they differ by
  at least this much **and** their counts pass a two-proportion z-test at the
  5 % level (Agresti 2013, section 3.1 on comparing two proportions);
* :data:`STABLE`: a distinctive term is "stable" when it stays in its outlet's
  top list in at least this share of bootstrap replicates.

Examples
--------
>>> share(3, 40)
'3 of 40 (8%)'
>>> two_shares_differ(2, 40, 20, 40), two_shares_differ(2, 5, 3, 5)
(True, False)
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from . import plots

#: Fewest quotes an outlet needs for its sourcing shares to be compared with another's.
MIN_QUOTES = 10
#: Smallest difference between two shares that a finding calls a difference.
MIN_GAP = 0.10
#: Share of bootstrap replicates in which a top term must stay in its outlet's top list to be called stable.
STABLE = 0.8

Finding = tuple[str, Callable | None]


def plural(n: int, word: str, words: str | None = None) -> str:
    """Return ``"1 outlet"``, ``"2 outlets"``.

    >>> plural(1, "story", "stories"), plural(3, "outlet")
    ('1 story', '3 outlets')
    """
    return f"{n} {word if n == 1 else words or word + 's'}"


def share(k: int, n: int) -> str:
    """Return "k of n (p%)": a share with the counts it rests on."""
    return f"{k} of {n} ({k / n:.0%})" if n else f"{k} of {n}"


def two_shares_differ(k1: int, n1: int, k2: int, n2: int, gap: float = MIN_GAP) -> bool:
    """Whether k1/n1 and k2/n2 differ by at least ``gap`` and by a two-proportion z-test at the 5 % level (two-sided)."""
    if not n1 or not n2:
        return False
    p1, p2 = k1 / n1, k2 / n2
    pooled = (k1 + k2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    return abs(p1 - p2) >= gap and se > 0 and abs(p1 - p2) / se >= 1.96


def _labels(study) -> dict[str, str]:
    return dict(zip(study.corpus.outlets["outlet"], study.corpus.outlets["label"]))


def own_voice(study) -> Finding | None:
    """How much of each text is the outlet's own voice (the rest: quoted blocks, reader comments, site furniture)."""
    layers = study.layers
    if layers.empty:
        return None
    total = layers.groupby("doc_id")["n_tokens"].sum()
    own = layers[layers["layer"].isin(["relay_commentary", "original_outlet"])].groupby("doc_id")["n_tokens"].sum()
    ratio = (own.reindex(total.index, fill_value=0) / total).dropna()
    if ratio.empty:
        return None
    lo, hi = f"{ratio.min():.0%}", f"{ratio.max():.0%}"
    if len(ratio) == 1 or lo == hi:
        where = "of the text" if len(ratio) == 1 else f"of the tokens in each of the {len(ratio)} documents"
        text = f"The outlet's own voice is {hi} {where}"
    else:
        text = f"The outlet's own voice is from {lo} ({ratio.idxmin()}) to {hi} ({ratio.idxmax()}) of a document's tokens"
    rest = layers[~layers["layer"].isin(["relay_commentary", "original_outlet"])].groupby("layer")["n_tokens"].sum()
    if rest.sum() == 0:
        return (text + ": no quoted block, reader comment or site furniture was found.", None)
    parts = ", ".join(f"{layer.replace('_', ' ')} {int(n)}" for layer, n in rest.sort_values(ascending=False).items())
    return (
        text + f"; the other tokens ({parts}) are left out of every measure that reads the own voice.",
        lambda: plots.layer_sizes(study.layers, study.documents),
    )


def distinctive_words(study) -> Finding | None:
    """Which top terms are stable under resampling, with how many of the outlet's documents use them."""
    boot = study.keyness_bootstrap
    if boot.empty:
        return None
    labels = _labels(study)
    stable = boot[boot["top_share"] >= STABLE]
    how = sorted(set(boot["resampled"])) if "resampled" in boot else ["sentences"]
    unit = " and ".join(how)
    if stable.empty:
        return (
            f"No outlet's top terms are stable: none stays in its outlet's top list in {STABLE:.0%} of the replicates "
            f"({unit} resampled); distinctive words are not a finding on this corpus.",
            lambda: plots.keyness_bars(boot, study.corpus.outlets),
        )

    by_documents = "documents" in how

    def term(r) -> str:
        if by_documents and getattr(r, "resampled", "") == "documents":
            return f"{r.term} ({plural(int(r.n_docs), 'doc')})"
        return r.term

    words = "; ".join(f"{labels.get(o, o)}: {', '.join(term(r) for r in g.head(3).itertuples())}" for o, g in stable.groupby("outlet"))
    left_out = "; a term only one of an outlet's documents uses is left out" if by_documents else ""
    return (
        f"{share(len(stable), len(boot))} top terms stay in their outlet's top list in at least {STABLE:.0%} of the replicates "
        f"({unit} resampled{left_out}): {words}.",
        lambda: plots.keyness_bars(boot, study.corpus.outlets),
    )


def who_is_quoted(study) -> list[Finding]:
    """Who the outlets quote, and whether their use of anonymous speakers differs (counts beside every share)."""
    quotes = study.quotes
    q = quotes[quotes["layer"].isin(["relay_commentary", "original_outlet"])]
    if q.empty:
        return []
    labels = _labels(study)
    out: list[Finding] = []
    named = q[q["speaker_type"] == "named"]
    if len(named):
        top = (
            named.groupby("speaker").agg(n=("start", "size"), outlets=("outlet", "nunique")).sort_values(["n", "outlets"], ascending=False)
        )
        names = ", ".join(f"{s} ({plural(r.n, 'quote')}, {plural(r.outlets, 'outlet')})" for s, r in top.head(4).iterrows())
        typed = q["speaker_type"].value_counts()
        kinds = ", ".join(
            f"{t} {share(int(typed.get(t, 0)), len(q))}" for t in ("named", "role", "anonymous", "unknown") if typed.get(t, 0)
        )
        out.append((f"{len(q)} quotes in the outlets' own voice; speakers {kinds}. Most quoted: {names}.", None))
    prof = study.sourcing_profile.set_index("outlet")
    enough = prof[prof["n_quotes"] >= MIN_QUOTES]
    if len(enough) >= 2:
        hi, lo = enough["anonymous_share"].idxmax(), enough["anonymous_share"].idxmin()
        a, b = enough.loc[hi], enough.loc[lo]
        if hi != lo and two_shares_differ(int(a["anonymous"]), int(a["n_quotes"]), int(b["anonymous"]), int(b["n_quotes"])):
            out.append(
                (
                    f"Anonymous speakers: {share(int(a['anonymous']), int(a['n_quotes']))} of {labels.get(hi, hi)}'s quotes against "
                    f"{share(int(b['anonymous']), int(b['n_quotes']))} of {labels.get(lo, lo)}'s.",
                    lambda: plots.sourcing_bars(study.sourcing_profile, study.corpus.outlets),
                )
            )
        else:
            out.append(
                (
                    f"The outlets with {MIN_QUOTES} quotes or more ({len(enough)}) do not differ clearly in their share of anonymous "
                    f"speakers (from {share(int(b['anonymous']), int(b['n_quotes']))} to {share(int(a['anonymous']), int(a['n_quotes']))}).",
                    lambda: plots.sourcing_bars(study.sourcing_profile, study.corpus.outlets),
                )
            )
    return out


def stories(study) -> Finding | None:
    """Which events or stories several outlets report, and which only one does."""
    cov = study.hand_coverage if len(study.hand_coverage) else study.coverage
    if cov.empty:
        return None
    n_out = cov.groupby("event_id")["covered"].sum()
    reported = n_out[n_out > 0]
    if reported.empty:
        return None
    catalogue = study.event_catalogue.set_index("event_id")["label"] if len(study.event_catalogue) else pd.Series(dtype=str)
    shared = reported[reported >= 2].sort_values(ascending=False)
    single = int((reported == 1).sum())
    named = ", ".join(f"{catalogue.get(e, e)} ({int(k)} outlets)" for e, k in shared.head(3).items())
    noun = (
        ("catalogued event" if study.has_catalogue else "story")
        if len(reported) == 1
        else ("catalogued events" if study.has_catalogue else "stories")
    )
    source = "" if study.has_catalogue else " (discovered: no events.csv)"
    if len(reported) == 1:
        who = f"covered by {plural(int(reported.iloc[0]), 'outlet')}"
        text = f"One {noun}{source} is reported, {who}: {catalogue.get(reported.index[0], reported.index[0])}."
    else:
        parts = [f"{len(shared)} covered by two outlets or more" + (f" ({named})" if named else "")]
        if single:
            parts.append(f"{single} by a single one")
        text = f"Of {len(reported)} {noun}{source} reported, " + " and ".join(parts) + "."
    return (text, lambda: plots.coverage_heatmap(cov, study.corpus.outlets, study.event_catalogue))


def frames(study) -> Finding | None:
    """Name the most present generic frame of each outlet, with the sentence counts behind it."""
    fp = study.frame_profile
    fp = fp[fp["frame"] != "entman"] if len(fp) else fp
    if fp.empty or fp["present"].sum() == 0:
        return None
    labels = _labels(study)
    ranked = fp.sort_values(["outlet", "share", "frame"], ascending=[True, False, True])
    top, second = ranked.groupby("outlet").nth(0), ranked.groupby("outlet").nth(1).set_index("outlet")
    top = top[top["present"] > 0]
    if top.empty:
        return None

    def lead(r) -> str:
        name = f"{r.frame.replace('_', ' ')}, {share(int(r.present), int(r.n_sentences))} sentences"
        if r.outlet in second.index:  # a lead the counts cannot tell from the next frame is a tie
            s = second.loc[r.outlet]
            if not two_shares_differ(int(r.present), int(r.n_sentences), int(s["present"]), int(s["n_sentences"]), gap=0.0):
                name += f", not clearly ahead of {s['frame'].replace('_', ' ')} ({int(s['present'])})"
        return name

    detail = "; ".join(f"{labels.get(r.outlet, r.outlet)}: {lead(r)}" for r in top.itertuples())
    text = f"Most present generic frame per outlet: {detail}."
    return (text, lambda: plots.frame_heatmap(study.frame_profile, study.corpus.outlets))


def stance(study) -> Finding | None:
    """How well stance is detected, when the corpus has stance targets and hand labels."""
    if not study.profile.stance_configured:
        return None
    scores = study.stance_evaluation["scores"]
    if scores.empty:
        return None
    pooled = scores[scores["target"] == "all"].set_index("method")["f_avg"]
    return (
        f"Stance detection is hard at the sentence level: held-out F_avg {pooled.get('rules', 0):.2f} for the rules and "
        f"{pooled.get('classifier', 0):.2f} for the classifier (majority baseline {pooled.get('majority', 0):.2f}).",
        lambda: plots.stance_profile_plot(study.stance_profile, study.corpus.outlets, voice="own"),
    )


def fidelity(study) -> Finding | None:
    """Differences between texts that relay the same report, when the corpus declares relay pairs."""
    disc = study.fidelity["discrepancies"]
    if disc.empty:
        return None
    kinds = ", ".join(f"{k} {v}" for k, v in disc["kind"].value_counts().sort_index().items())
    return (f"Relay fidelity: {len(disc)} differences flagged between texts relaying the same report ({kinds}).", None)


def similarity(study) -> Finding | None:
    """Name the two outlets whose vocabularies are closest, when there are three outlets or more to choose from."""
    sim = study.outlet_similarity
    if len(sim) < 3:
        return None
    labels = _labels(study)
    rows, cols = np.triu_indices(len(sim), 1)  # each pair once, never an outlet with itself
    values = sim.to_numpy()[rows, cols]
    k = int(np.argmax(values))
    a, b = sim.index[rows[k]], sim.columns[cols[k]]
    return (
        f"Closest vocabularies: {labels.get(a, a)} and {labels.get(b, b)} (cosine {values[k]:.2f}, of {len(sim)} outlets).",
        lambda: plots.similarity_heatmap(study.outlet_similarity, study.corpus.outlets),
    )


def findings(study) -> list[Finding]:
    """Every supported headline finding of a study, in reading order: (sentence, function drawing its figure, or None)."""
    out: list[Finding] = []
    for make in (own_voice, stories, distinctive_words, who_is_quoted, frames, stance, fidelity, similarity):
        got = make(study)
        if got is None:
            continue
        out.extend(got if isinstance(got, list) else [got])
    return out
