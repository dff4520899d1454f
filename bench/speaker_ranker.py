"""Would a learned ranker choose speakers better than the rules on text they have never seen? The measurement behind the README.

The rules of :mod:`analysis.sourcing` choose one speaker per quotation.  The
alternative measured here is the mention-ranking view of quotation attribution
(O'Keefe et al. 2012, "A sequence labelling approach to quote attribution",
EMNLP; Muzny et al. 2017, "A two-stage sieve approach for quote attribution",
EACL): list, for each quotation, the named persons and bodies of its sentence
and of the three sentences before it (the *candidates*, found and resolved by
the package's own mention rules, :mod:`analysis.speakers`), describe each by
features that name no word of a language or corpus (sentence distance, side
of the quotation, nearness to and side of the reporting verb, first mention of
its sentence, person or body, same paragraph, the previous quotation's
speaker, how often the document names it, and, in one variant, whether the
rules chose it), and score them with a logistic regression
(:math:`p(c) = 1/(1 + e^{-(b + w \\cdot x_c)})`, scikit-learn, L2, C=1).  A
quotation's speaker is changed only where the rules gave a named speaker or
none: to the candidate the model prefers over the rules' choice, or, where
the rules found none, to a candidate of probability at least 0.5.

A candidate is labelled right when the hand annotation names that person or
body (:func:`analysis.sourcing.same_name`).  Two measurements:

* ``loso`` (default): on the development sets of ``data/eval/sets.csv``, leave
  one set out, train on the others, score the one left out, with and without
  the rules' choice as a feature.  The rules were written on all these sets, so
  this comparison flatters the rules.
* ``--held-out SET --train A,B,...``: score SET with a ranker trained on the
  sets listed.  Run with the package of a past round on the path (``--code``,
  a ``git worktree`` of that round's commit) and SET the corpus that round had
  not yet seen, it reproduces that round's first score for the rules and gives
  the ranker's first score beside it: the fair comparison.

Also printed: how many quotations have their hand speaker among the
candidates at all (the most any ranker over these candidates could get).

Run: ``python bench/speaker_ranker.py [--code PATH] [--held-out SET --train A,B,...]`` (from the repository root).
Results: ``bench/speaker_ranker.md``.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARGS = argparse.ArgumentParser(description=__doc__.split("\n")[0])
ARGS.add_argument("--code", type=Path, default=ROOT, help="folder holding the analysis package to measure (default: this checkout)")
ARGS.add_argument("--held-out", help="a set of data/eval/sets.csv to score")
ARGS.add_argument("--train", help="comma-separated sets to train on (with --held-out)")
if __name__ == "__main__":
    OPTIONS = ARGS.parse_args()
    sys.path.insert(0, str(OPTIONS.code.resolve()))

import pandas as pd  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from analysis.evaluation import eval_sets, study_without_actors  # noqa: E402
from analysis.sourcing import Speakers, _resolved, evaluate_quotes, find_mentions_many, find_verbs_many, load_quote_gold, same_name  # noqa: E402
from analysis.speakers import fold  # noqa: E402

FEATURES = (
    "rule", "rule_cue", "d0", "d1", "d2", "d3", "d0_cue", "d1_nocue", "before", "after", "in_quote", "after_cue", "before_cue",
    "subject", "person", "same_paragraph", "previous", "previous_nocue", "mentions",
)  # fmt: skip
WITHOUT_RULE = ("rule", "rule_cue")
WINDOW = 3  # sentences before the quotation's own


def sentence_mentions(study, speakers) -> dict[str, tuple[pd.DataFrame, list]]:
    """Each document's kept sentences and the resolved named mentions of each (offsets relative to the sentence)."""
    texts = study.corpus.documents.set_index("doc_id")["text"]
    kept = study.sentences[study.sentences["layer"] != "boilerplate"].sort_values(["doc_id", "start"], kind="stable")
    out = {}
    for doc, s in kept.groupby("doc_id", sort=True):
        raws = [texts[doc][a:b] for a, b in zip(s["start"], s["end"])]
        scanned = _resolved(
            list(zip(raws, find_mentions_many(raws, speakers), find_verbs_many(raws, speakers))), speakers.lexicon(), speakers.rules
        )
        out[doc] = (s.reset_index(drop=True), [[m for m in ms if m.speaker_type == "named" and not m.dative] for _, ms, _ in scanned])
    return out


def candidates(quotes: pd.DataFrame, mentions: dict) -> pd.DataFrame:
    """One row per quotation (rules named or unknown) and candidate, with its features."""
    out = []
    for doc, q in quotes.groupby("doc_id", sort=True):
        sents, named = mentions[doc]
        index_of = {int(x): i for i, x in enumerate(sents["sentence_id"])}
        starts, paragraphs = sents["start"].astype(int).tolist(), sents["paragraph_id"].astype(int).tolist()
        counts: dict[str, int] = {}
        for ms in named:
            for m in ms:
                counts[fold(m.speaker)] = counts.get(fold(m.speaker), 0) + 1
        directs = [(a, b) for a, b, k in zip(q["start"], q["end"], q["kind"]) if k == "direct"]
        previous = None
        for row in q.itertuples():
            i = index_of[int(row.sentence_id)]
            qa, qb, ca, cb, cue = int(row.start), int(row.end), int(row.cue_start), int(row.cue_end), int(row.cue_start) >= 0
            rule = fold(row.speaker) if row.speaker_type == "named" else None
            found: dict[str, dict] = {}
            for j in range(max(0, i - WINDOW), i + 1):
                first = next((m for m in named[j] if not any(x <= starts[j] + m.start < y for x, y in directs)), None)
                for m in named[j]:
                    a, b = starts[j] + m.start, starts[j] + m.end
                    f = {
                        "d": i - j,
                        "before": j == i and b <= qa,
                        "after": j == i and a >= qb,
                        "in_quote": qa <= a < qb or any(x <= a < y for x, y in directs),
                        "after_cue": cue and j == i and 0 <= a - cb <= 30,
                        "before_cue": cue and j == i and 0 <= ca - b <= 12,
                        "subject": m is first,
                        "person": m.kind != "organisation",
                        "same_paragraph": paragraphs[j] == paragraphs[i],
                        "speaker": m.speaker,
                    }
                    k = fold(m.speaker)
                    if k not in found or (f["d"], f["in_quote"]) < (found[k]["d"], found[k]["in_quote"]):  # the nearest mention
                        found[k] = f
            if rule is not None and rule not in found:  # the rules' choice named farther back (a pronoun's antecedent)
                found[rule] = {"d": WINDOW + 1, "person": True, "speaker": row.speaker, "farther": True}
            if row.speaker_type in ("named", "unknown"):
                for k in sorted(found):
                    f = found[k]
                    x = {name: float(bool(f.get(name, False))) for name in FEATURES}
                    x.update({f"d{d}": float(f["d"] == d) for d in range(WINDOW + 1)})
                    x.update(rule=float(k == rule), rule_cue=float(k == rule and cue), d0_cue=float(f["d"] == 0 and cue))
                    x.update(d1_nocue=float(f["d"] == 1 and not cue), previous=float(k == previous), mentions=math.log1p(counts.get(k, 0)))
                    x["previous_nocue"] = float(x["previous"] and not cue)
                    out.append(
                        {
                            "doc_id": doc,
                            "start": qa,
                            "end": qb,
                            "speaker_type": row.speaker_type,
                            "candidate": f["speaker"],
                            "farther": bool(f.get("farther")),
                            **x,
                        }
                    )
            if row.speaker_type == "named":
                previous = fold(row.speaker)
    return pd.DataFrame(out)


def measured(s) -> dict:
    """A set's rules' quotes, candidates (labelled against the hand annotation where matched) and gold."""
    study = study_without_actors(s.corpus)
    speakers = Speakers.of(study.profile)
    quotes, gold = study.quotes, load_quote_gold(s.annotations / "quotes_gold.csv")
    pairs = evaluate_quotes(quotes, gold)["pairs"]
    pairs = pairs[pairs["matched"]]
    truth = {
        (d, int(a), int(b)): (g, t)
        for d, a, b, g, t in zip(pairs.doc_id, pairs.pred_start, pairs.pred_end, pairs.gold_speaker, pairs.gold_type)
    }
    cands = candidates(quotes, sentence_mentions(study, speakers))
    labels = [truth.get((d, a, b)) for d, a, b in zip(cands.doc_id, cands.start, cands.end)]
    cands["matched"] = [x is not None for x in labels]
    cands["right"] = [x is not None and x[1] == "named" and same_name(str(x[0]), str(c)) for x, c in zip(labels, cands.candidate)]
    return {"quotes": quotes, "gold": gold, "cands": cands}


def fit(table: pd.DataFrame, drop=()) -> LogisticRegression:
    x = table[list(FEATURES)].copy()
    x[list(drop)] = 0.0
    return LogisticRegression(C=1.0, max_iter=3000).fit(x.to_numpy(float), table["right"].to_numpy(bool))


def reranked(m: dict, model: LogisticRegression | None, drop=()) -> pd.DataFrame:
    """The set's quotes with the speakers the model changes."""
    quotes = m["quotes"].copy()
    if model is None:
        return quotes
    c = m["cands"].copy()
    x = c[list(FEATURES)].copy()
    x[list(drop)] = 0.0
    c["p"] = model.predict_proba(x.to_numpy(float))[:, 1]
    where = {(d, a, b): i for i, d, a, b in zip(quotes.index, quotes.doc_id, quotes.start, quotes.end)}
    for (d, a, b), g in c.groupby(["doc_id", "start", "end"], sort=True):
        best, rule = g.loc[g["p"].idxmax()], g[g["rule"] > 0]
        better = best["p"] > (rule["p"].max() if len(rule) else 0.0) if g["speaker_type"].iloc[0] == "named" else best["p"] >= 0.5
        if better and not best["rule"] and not best["farther"]:
            quotes.loc[where[d, a, b], ["speaker", "speaker_type"]] = [best["candidate"], "named"]
    return quotes


def accuracy(m: dict, quotes: pd.DataFrame) -> tuple[int, float]:
    pairs = evaluate_quotes(quotes, m["gold"])["pairs"]
    named = pairs[pairs["matched"] & (pairs["gold_type"] == "named")]
    right = named["same_person"].astype(bool) & (named["pred_type"] == "named")
    return len(named), float(right.mean())


def oracle(m: dict) -> int:
    """Quotations with a named hand speaker among their candidates."""
    c = m["cands"][m["cands"]["matched"]]
    return int(c.groupby(["doc_id", "start", "end"])["right"].any().sum())


def row(name: str, m: dict, train: list[dict]) -> str:
    table = pd.concat([t["cands"][t["cands"]["matched"]] for t in train])
    n, rules = accuracy(m, m["quotes"])
    _, with_rule = accuracy(m, reranked(m, fit(table), ()))
    _, alone = accuracy(m, reranked(m, fit(table, WITHOUT_RULE), WITHOUT_RULE))
    return f"| {name} | {n} | {rules:.3f} | {with_rule:.3f} | {alone:.3f} | {oracle(m) / n:.3f} |"


def main(options) -> None:
    sets = {s.name: s for s in eval_sets(ROOT / "data/eval/sets.csv")}
    print(
        "| set scored | named quotes | rules | rules + ranker (rules' choice a feature) | ranker without the rules' choice | hand speaker among the candidates |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    if options.held_out:
        train = [measured(sets[n]) for n in options.train.split(",")]
        print(row(options.held_out, measured(sets[options.held_out]), train))
        return
    dev = {n: measured(s) for n, s in sets.items() if s.split == "dev"}
    for name, m in dev.items():
        print(row(name, m, [t for n, t in dev.items() if n != name]))


if __name__ == "__main__":
    main(OPTIONS)
