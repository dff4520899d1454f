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
(:math:`p(c) = 1/(1 + e^{-(b + w \\cdot x_c)})`, scikit-learn, L2, C=1).  The
decision is the package's (:meth:`analysis.attribution.SpeakerRanker.choose`):
only where the rules had no syntax to go on (no cue, no speaker, a singular
definite role not tied to a name).

A candidate is labelled right when the hand annotation names that person or
body (:func:`analysis.sourcing.same_name`).  The model is trained on every
quotation the rules gave a named speaker, a role or none that matches a hand
quotation, most of which (a named speaker beside a cue) it never decides: its
probabilities are not calibrated on the quotations it acts on (README,
"Sourcing", left as is).  Two measurements:

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
Results: ``bench/speaker_ranker.md`` and README "Sourcing".
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARGS = argparse.ArgumentParser(description="Measure (and with --write train) the speaker ranker of analysis/attribution.py.")
ARGS.add_argument("--code", type=Path, default=ROOT, help="folder holding the analysis package to measure (default: this checkout)")
ARGS.add_argument("--held-out", help="a set of data/eval/sets.csv to score")
ARGS.add_argument("--train", help="comma-separated sets to train on (with --held-out)")
ARGS.add_argument(
    "--write", action="store_true", help="write the weights fitted on every development set to " + "analysis/languages/speaker_ranker.csv"
)
if __name__ == "__main__":
    OPTIONS = ARGS.parse_args()
    sys.path.insert(0, str(OPTIONS.code.resolve()))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from analysis.evaluation import eval_sets, study_without_actors  # noqa: E402
from analysis.sourcing import (  # noqa: E402
    Speakers,
    _resolved,
    evaluate_quotes,
    extract_quotes,
    find_mentions_many,
    find_verbs_many,
    load_quote_gold,
    same_name,
)


def _attribution():
    """This checkout's analysis/attribution.py, as a module of the package measured (which may be a past round's)."""
    if "analysis.attribution" in sys.modules:
        return sys.modules["analysis.attribution"]
    spec = importlib.util.spec_from_file_location("analysis.attribution", ROOT / "analysis" / "attribution.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["analysis.attribution"] = module
    spec.loader.exec_module(module)
    return module


attribution = _attribution()
FEATURES = attribution.FEATURES
#: The rules' choice as features (the variant the package does not use): chosen, with a cue, beside the cue, for a pronoun cue.
RULE_FEATURES = ("rule", "rule_cue", "rule_adjacent", "rule_pronoun")


def rules_quotes(study) -> pd.DataFrame:
    """The quotations and speakers of the rules alone (no ranker)."""
    speakers = Speakers.of(study.profile)
    if "ranker" in Speakers.__dataclass_fields__:
        speakers = replace(speakers, ranker=None)
    return extract_quotes(study.corpus, study.sentences, study.quote_spans, speakers)


def candidate_table(study, quotes: pd.DataFrame) -> pd.DataFrame:
    """Every quotation's candidates (:func:`analysis.attribution.candidates`) with the rules' choice as features too."""
    speakers = Speakers.of(study.profile)
    texts = study.corpus.documents.set_index("doc_id")["text"]
    kept = study.sentences[study.sentences["layer"] != "boilerplate"].sort_values(["doc_id", "start"], kind="stable")
    out = []
    for doc, s in kept.groupby("doc_id", sort=True):
        raws = [texts[doc][a:b] for a, b in zip(s["start"], s["end"])]
        found = list(zip(raws, find_mentions_many(raws, speakers), find_verbs_many(raws, speakers)))
        mentions = [ms for _, ms, _ in _resolved(found, speakers.lexicon(), speakers.rules)]
        rows = quotes[quotes["doc_id"] == doc].sort_values(["start", "end", "kind"], kind="stable").to_dict("records")
        for c in attribution.candidates(rows, list(s.itertuples()), mentions):
            row = rows[c["row"]]
            out.append({"doc_id": doc, "start": row["start"], "end": row["end"], "speaker_type": row["speaker_type"], **c})
    table = pd.DataFrame(out)
    adjacent = (table["after_cue"] + table["before_cue"]) > 0
    beside = adjacent.groupby([table["doc_id"], table["start"], table["end"]]).transform("any")
    table["farther"] = table["mention"].isna()
    table["rule_cue"] = table["rule"] & table["cue"]
    table["rule_adjacent"] = table["rule"] & adjacent
    table["rule_pronoun"] = table["rule"] & table["cue"] & ~beside
    return table.astype({name: float for name in RULE_FEATURES})


def measured(s) -> dict:
    """A set's rules' quotes, candidates (labelled against the hand annotation where matched) and gold."""
    study = study_without_actors(s.corpus)
    quotes, gold = rules_quotes(study), load_quote_gold(s.annotations / "quotes_gold.csv")
    pairs = evaluate_quotes(quotes, gold)["pairs"]
    pairs = pairs[pairs["matched"]]
    truth = dict(zip(zip(pairs.doc_id, pairs.pred_start.astype(int), pairs.pred_end.astype(int)), zip(pairs.gold_speaker, pairs.gold_type)))
    cands = candidate_table(study, quotes)
    labels = [truth.get((d, a, b)) for d, a, b in zip(cands.doc_id, cands.start, cands.end)]
    cands["matched"] = [x is not None for x in labels]
    cands["right"] = [x is not None and x[1] == "named" and same_name(str(x[0]), str(c)) for x, c in zip(labels, cands.candidate)]
    return {"quotes": quotes, "gold": gold, "cands": cands}


def fit(table: pd.DataFrame, features=FEATURES) -> LogisticRegression:
    """Logistic regression (L2, C=1, lbfgs: deterministic) of ``right`` on the features, on matched quotations."""
    table = table[table["matched"]]
    return LogisticRegression(C=1.0, max_iter=3000).fit(table[list(features)].to_numpy(float), table["right"].to_numpy(bool))


def ranker_of(model: LogisticRegression, features=FEATURES):
    """The fitted model as an :class:`analysis.attribution.SpeakerRanker`."""
    return attribution.SpeakerRanker(dict(zip(features, (float(w) for w in model.coef_[0]))), float(model.intercept_[0]))


def reranked(m: dict, ranker) -> pd.DataFrame:
    """The set's quotes with the speakers the ranker changes (:meth:`analysis.attribution.SpeakerRanker.choose`)."""
    quotes = m["quotes"].copy()
    for doc, c in m["cands"].groupby("doc_id", sort=True):
        ordered = quotes[quotes["doc_id"] == doc].sort_values(["start", "end", "kind"], kind="stable")
        for number, best in ranker.choose(ordered.to_dict("records"), c.to_dict("records")):
            quotes.loc[ordered.index[number], ["speaker", "speaker_type"]] = [best["candidate"], "named"]
    return quotes


def accuracy(m: dict, quotes: pd.DataFrame) -> tuple[int, float]:
    """Named-speaker accuracy of a set's quotes."""
    pairs = evaluate_quotes(quotes, m["gold"])["pairs"]
    named = pairs[pairs["matched"] & (pairs["gold_type"] == "named")]
    right = named["same_person"].astype(bool) & (named["pred_type"] == "named")
    return len(named), float(right.mean())


def oracle(m: dict) -> int:
    """Quotations with a named hand speaker among their candidates (the most a ranker over them could get right)."""
    c = m["cands"][m["cands"]["matched"]]
    return int(c.groupby(["doc_id", "start", "end"])["right"].any().sum())


def row(name: str, m: dict, train: list[dict]) -> str:
    """One line of the results table: the set scored by the rules, and with each ranker trained on ``train``."""
    table = pd.concat([t["cands"] for t in train])
    n, rules = accuracy(m, m["quotes"])
    _, with_rule = accuracy(m, reranked(m, ranker_of(fit(table, FEATURES + RULE_FEATURES), FEATURES + RULE_FEATURES)))
    _, alone = accuracy(m, reranked(m, ranker_of(fit(table))))
    return f"| {name} | {n} | {rules:.3f} | {alone:.3f} | {with_rule:.3f} | {oracle(m) / n:.3f} |"


def write(dev: dict[str, dict]) -> None:
    """Write the weights fitted on every development set to analysis/languages/speaker_ranker.csv."""
    model = fit(pd.concat([m["cands"] for m in dev.values()]))
    n = sum(int(m["cands"][m["cands"]["matched"]].groupby(["doc_id", "start", "end"]).ngroups) for m in dev.values())
    lines = [
        "# Weights of the speaker ranker (analysis/attribution.py): a logistic regression written by bench/speaker_ranker.py --write",
        f"# trained on the development sets of data/eval/sets.csv ({', '.join(dev)}): {n} quotations the rules gave a named",
        "# speaker, a role or none, and their candidates; a candidate is right when the hand annotation names that person or body",
        "feature,weight",
        f"intercept,{float(model.intercept_[0]):.6f}",
        *(f"{name},{float(w):.6f}" for name, w in zip(FEATURES, model.coef_[0])),
    ]
    (ROOT / "analysis/languages/speaker_ranker.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(options) -> None:
    sets = {s.name: s for s in eval_sets(ROOT / "data/eval/sets.csv")}
    print(
        "| set scored | named quotes | rules | rules + ranker | rules + ranker given the rules' choice | hand speaker among the candidates |"
    )
    print("| --- | --- | --- | --- | --- | --- |")
    if options.held_out:
        train = [measured(sets[n]) for n in options.train.split(",")]
        print(row(options.held_out, measured(sets[options.held_out]), train))
        return
    dev = {n: measured(s) for n, s in sets.items() if s.split == "dev"}
    for name, m in dev.items():
        print(row(name, m, [t for n, t in dev.items() if n != name]))
    if options.write:
        write(dev)


if __name__ == "__main__":
    np.seterr(all="ignore")
    main(OPTIONS)
