"""Scores of the speaker and story rules on hand-annotated corpora the rules were not written on.

The evaluation corpora are listed in a manifest, ``sets.csv`` (``set, split,
language, corpus, annotations``; folders relative to the manifest), read by
:func:`eval_sets`; the study's own are ``data/eval/sets.csv`` (invented news
written for the project, CC0; their READMEs say who wrote and annotated them),
and a user lists theirs the same way.  Each is a *development* set (the rules
were written and tuned while reading it) or a *test* set (held out: scored,
never read to change a rule).  Each has a hand annotation of its quotations
(``annotations/quotes_gold.csv``, codebook ``docs/speakers_codebook.md``) and
of its stories (``annotations/stories_gold.csv``), most with a second, blind
annotation (``quotes_gold_a2.csv``, ``stories_a2.csv``) for agreement.

The scores are the package's own (:func:`analysis.sourcing.evaluate_quotes`,
:func:`analysis.stories.evaluate_stories`); an actor file, where a corpus has
one, is left out, so every speaker is found in the text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import Problem, raise_if
from .pipeline import Study
from .reader import load_corpus
from .resample import resampled_sums
from .sourcing import Speakers, evaluate_quotes, extract_quotes, load_quote_gold, named_speakers
from .speakers import fold
from .stories import bcubed, evaluate_stories
from .tabular import file_label, read_csv_rows

#: The splits of an evaluation set.
SPLITS = ("dev", "test")


@dataclass(frozen=True)
class EvalSet:
    """One evaluation corpus: its name, split, language, corpus folder and annotation folder.

    ``first_score``: the named-speaker accuracy recorded when the set was
    first scored held out, before anyone read it (the manifest's optional
    ``first_score`` column; ``nan`` when not recorded), and ``first_round``
    the round of rules that scored it (optional column ``first_round``).
    Later scores come from the code; these are history, kept as data.
    """

    name: str
    split: str
    language: str
    corpus: Path
    annotations: Path
    first_score: float = float("nan")
    first_round: str = ""


def eval_sets(manifest: Path | str) -> tuple[EvalSet, ...]:
    """Read a manifest of evaluation corpora (``sets.csv``), in its order; folders are relative to it.

    Raises
    ------
    CorpusError
        A missing column or file, a split other than ``dev``/``test``, a
        corpus or annotation folder that does not exist (file, line, field).
    """
    manifest = Path(manifest)
    problems: list[Problem] = []
    label = file_label(manifest, manifest.parent)
    read = read_csv_rows(manifest, label, problems)
    sets = []
    for line, row in read[1] if read else []:
        missing = [c for c in ("set", "split", "language", "corpus", "annotations") if not row.get(c)]
        if missing:
            problems.append(
                Problem(label, line, missing[0], f"empty '{missing[0]}'", "give every set a name, split, language and two folders")
            )
            continue
        if row["split"] not in SPLITS:
            problems.append(Problem(label, line, "split", f"unknown split '{row['split']}'", "write dev or test"))
        folders = {k: (manifest.parent / row[k]).resolve() for k in ("corpus", "annotations")}
        for key, folder in folders.items():
            if not folder.is_dir():
                problems.append(Problem(label, line, key, f"folder '{row[key]}' not found", "give a folder relative to the manifest"))
        first = row.get("first_score") or ""
        try:
            first_score = float(first) if first else float("nan")
        except ValueError:
            problems.append(
                Problem(label, line, "first_score", f"not a number: '{first}'", "write the first score as 0.816, or leave it empty")
            )
            continue
        where = (folders["corpus"], folders["annotations"])
        sets.append(EvalSet(row["set"], row["split"], row["language"], *where, first_score, row.get("first_round") or ""))
    raise_if(problems)
    return tuple(sets)


def study_without_actors(root: Path) -> Study:
    """Return the study of a corpus with its actor file left out: every speaker must be found in the text."""
    corpus = load_corpus(root)
    return Study(corpus, corpus.profile.replace(actors=corpus.profile.actors.iloc[:0]))


def _overall(scores: pd.DataFrame) -> pd.Series:
    return scores[scores["doc_id"] == "all"].iloc[0]


@lru_cache(maxsize=32)
def _set_study(s: EvalSet) -> Study:
    """Return the study of an evaluation set without its actor file, built once per process (its quotes extracted once)."""
    return study_without_actors(s.corpus)


@lru_cache(maxsize=32)
def evaluated(s: EvalSet, threshold: float = 0.3) -> tuple[int, dict[str, pd.DataFrame]] | None:
    """Return a set's number of documents and :func:`evaluate_quotes` of its quotes against its gold, or ``None`` without a gold.

    Computed once per set and threshold in a process: :func:`speaker_scores`,
    :func:`pooled_named_accuracy`, :func:`speaker_errors` and :func:`ranker_effect`
    read the same evaluation (the tables returned are shared: do not modify them).
    """
    gold_path = s.annotations / "quotes_gold.csv"
    if not gold_path.is_file():
        return None
    study = _set_study(s)
    return len(study.documents), evaluate_quotes(study.quotes, load_quote_gold(gold_path), threshold)


def named_outcomes(pairs: pd.DataFrame) -> pd.DataFrame:
    """Per document, the quotes whose hand speaker is named (``n``) and how many got that speaker (``ok``), from :func:`evaluate_quotes` pairs."""
    named, ok = named_speakers(pairs)
    return (
        pd.DataFrame({"doc_id": named["doc_id"], "ok": ok.astype(int)})
        .groupby("doc_id", sort=True)["ok"]
        .agg(["sum", "size"])
        .rename(columns={"sum": "ok", "size": "n"})
    )


def named_interval(outcomes: pd.DataFrame, n_boot: int = 2000, seed: int = 0, level: float = 0.95) -> tuple[float, float]:
    """Percentile interval of named-speaker accuracy with documents resampled (a cluster bootstrap).

    The quotes of one document share its style and speakers, so they are not
    independent draws: the documents are (Efron & Tibshirani 1993, ch. 13;
    the study's other intervals do the same, :mod:`analysis.resample`).
    ``outcomes``: :func:`named_outcomes` (one row per document).

    >>> named_interval(pd.DataFrame({"ok": [8, 9, 7], "n": [10, 10, 10]}), n_boot=200)
    (0.7, 0.9)
    """
    if outcomes.empty:
        return (float("nan"), float("nan"))
    sums = resampled_sums(np.random.default_rng(seed), outcomes[["ok", "n"]].to_numpy(), n_boot)
    acc = sums[:, 0] / np.maximum(sums[:, 1], 1)
    low, high = np.quantile(acc, [(1 - level) / 2, 1 - (1 - level) / 2])
    return (round(float(low), 3), round(float(high), 3))


def speaker_scores(sets: tuple[EvalSet, ...], threshold: float = 0.3) -> pd.DataFrame:
    """Quote detection and speaker scores of every evaluation set, with the agreement of its two annotators.

    Returns
    -------
    pandas.DataFrame
        ``set, split, language, n_documents, n_gold, precision, recall, f1,
        n_named, named_accuracy, named_low, named_high, first_score,
        type_accuracy, verb_accuracy`` (``named_low``/``named_high``: 95 %
        interval, documents resampled, :func:`named_interval`;
        ``first_score``: the manifest's record of the set's first held-out
        score) and the second annotator's ``a2_f1, a2_named_accuracy``
        (against the first; empty without a second annotation).
    """
    rows = []
    for s in sets:
        found = evaluated(s, threshold)
        if found is None:
            continue
        n_documents, result = found
        gold = load_quote_gold(s.annotations / "quotes_gold.csv")
        got = _overall(result["scores"])
        low, high = named_interval(named_outcomes(result["pairs"]))
        row = {"set": s.name, "split": s.split, "language": s.language, "n_documents": n_documents}
        row |= {k: got[k] for k in ("n_gold", "precision", "recall", "f1", "n_named", "named_accuracy")}
        row |= {"named_low": low, "named_high": high, "first_score": s.first_score}
        row |= {k: got[k] for k in ("type_accuracy", "verb_accuracy")}
        second = s.annotations / "quotes_gold_a2.csv"
        if second.is_file():
            agree = _overall(evaluate_quotes(load_quote_gold(second), gold, threshold)["scores"])
            row |= {"a2_f1": agree["f1"], "a2_named_accuracy": agree["named_accuracy"]}
        rows.append(row)
    return pd.DataFrame(rows)


def pooled_named_accuracy(sets: tuple[EvalSet, ...], split: str = "test", threshold: float = 0.3) -> pd.DataFrame:
    """Named-speaker accuracy of all the sets of a split pooled by language, with its 95 % interval (documents resampled).

    One figure per language that no choice of set can flatter: every quote
    whose hand speaker is named and that the package found (matched, as in
    :func:`speaker_scores`), in every set of the split; ``n_documents``
    counts the documents holding such quotes.

    Returns
    -------
    pandas.DataFrame
        ``language, split, sets, n_documents, n_named, named_accuracy, named_low, named_high``.
    """
    by_language: dict[str, list] = {}
    for s in sets:
        found = evaluated(s, threshold) if s.split == split else None
        if found is None:
            continue
        outcomes = named_outcomes(found[1]["pairs"])
        outcomes.index = s.name + "/" + outcomes.index
        by_language.setdefault(s.language, []).append((s.name, outcomes))
    rows = []
    for language, found in sorted(by_language.items()):
        outcomes = pd.concat([o for _, o in found])
        low, high = named_interval(outcomes)
        n = int(outcomes["n"].sum())
        rows.append(
            {
                "language": language,
                "split": split,
                "sets": " ".join(name for name, _ in found),
                "n_documents": len(outcomes),
                "n_named": n,
                "named_accuracy": round(outcomes["ok"].sum() / n, 3) if n else float("nan"),
                "named_low": low,
                "named_high": high,
            }
        )
    return pd.DataFrame(rows)


def story_scores(sets: tuple[EvalSet, ...]) -> pd.DataFrame:
    """B-cubed scores of the discovered stories on every evaluation set with a story grouping, beside the trivial baselines.

    Returns
    -------
    pandas.DataFrame
        ``set, split, language, method, n_documents, n_gold_stories, n_stories,
        precision, recall, f1`` and ``a2_f1`` (the second annotator's grouping
        against the first, on the ``discovered`` rows).
    """
    frames = []
    for s in sets:
        gold_path = s.annotations / "stories_gold.csv"
        if not gold_path.is_file():
            continue
        gold = pd.read_csv(gold_path, dtype=str, keep_default_na=False)
        study = Study(load_corpus(s.corpus))
        table = evaluate_stories(study.stories["members"], gold).assign(set=s.name, split=s.split, language=s.language)
        second = s.annotations / "stories_a2.csv"
        if second.is_file():
            other = pd.read_csv(second, dtype=str, keep_default_na=False)
            agree = bcubed(dict(zip(other["doc_id"], other["story"])), dict(zip(gold["doc_id"], gold["story"])))["f1"]
            table["a2_f1"] = [agree if m == "discovered" else float("nan") for m in table["method"]]
        frames.append(table)
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    first = ["set", "split", "language"]
    return out[first + [c for c in out.columns if c not in first]] if len(out) else out


#: The kinds of named-speaker error (:func:`speaker_errors`), in the order they are checked.
ERROR_KINDS = ("unknown", "role_unresolved", "partial_name", "other_speaker")


def speaker_error_kind(gold: str, predicted: str, predicted_type: str) -> str:
    """Classify a wrong speaker for a quote whose hand speaker is named.

    ``unknown``: no speaker found; ``role_unresolved``: the role, group or
    source as written ("ministre", "direction"), not tied to the name the
    document gives; ``partial_name``: the same person or body named
    differently (a shared word: "Sorlan" for "Sorlan Holding"); ``other_speaker``:
    someone else.

    >>> speaker_error_kind("Sorlan Holding", "Sorlan", "named")
    'partial_name'
    >>> speaker_error_kind("Claire Martin", "ministre", "role")
    'role_unresolved'
    """
    if predicted_type == "unknown":
        return "unknown"
    if predicted_type in ("role", "anonymous"):
        return "role_unresolved"
    words = {w for w in fold(gold).replace("|", " ").split() if len(w) > 3}
    return "partial_name" if words & set(fold(predicted).replace("|", " ").split()) else "other_speaker"


def speaker_errors(sets: tuple[EvalSet, ...], threshold: float = 0.3) -> pd.DataFrame:
    """Count the named-speaker errors of every evaluation set by kind (:func:`speaker_error_kind`).

    Returns
    -------
    pandas.DataFrame
        ``set, split, language, n_named, errors`` and one column per kind of
        :data:`ERROR_KINDS` (quotes matched to a hand quote whose speaker is
        named, that did not get that speaker).
    """
    rows = []
    for s in sets:
        found = evaluated(s, threshold)
        if found is None:
            continue
        named, right = named_speakers(found[1]["pairs"])
        wrong = named[~right]
        kinds = [
            speaker_error_kind(str(g), str(p), str(t)) for g, p, t in zip(wrong["gold_speaker"], wrong["pred_speaker"], wrong["pred_type"])
        ]
        row = {"set": s.name, "split": s.split, "language": s.language, "n_named": len(named), "errors": len(wrong)}
        rows.append(row | {k: kinds.count(k) for k in ERROR_KINDS})
    return pd.DataFrame(rows)


def ranker_effect(sets: tuple[EvalSet, ...], threshold: float = 0.3) -> pd.DataFrame:
    """Speaker scores of every evaluation set with the rules alone and with the speaker ranker (the default).

    The ranker (:mod:`analysis.attribution`) reconsiders the quotations the
    rules gave no speaker, a speaker from the context for want of a cue, or a
    role they could not tie to a name; it was trained on the development sets,
    so only the test sets measure it.  Named-speaker accuracy counts only
    quotations the annotators named, so the table also gives speaker-type
    accuracy and what the ranker did to the others.

    Returns
    -------
    pandas.DataFrame
        ``set, split, language, n_named, rules, with_ranker`` (named-speaker accuracy), ``rules_type,
        with_ranker_type`` (speaker-type accuracy), ``changed`` (quotations whose speaker the ranker changed),
        ``named_unnamed`` (quotations the annotators did not name that the ranker named, where the rules had not) and
        ``broken`` (quotations the rules gave their named speaker that the ranker took from them).
    """
    rows = []
    for s in sets:
        found = evaluated(s, threshold)
        if found is None:
            continue
        study = _set_study(s)
        alone = extract_quotes(study.corpus, study.sentences, study.quote_spans, replace(Speakers.of(study.profile), ranker=None))
        ranked = study.quotes
        before = evaluate_quotes(alone, load_quote_gold(s.annotations / "quotes_gold.csv"), threshold)["pairs"]
        after = found[1]["pairs"]  # the same spans as the rules alone, so the same pairs in the same order
        named, right = named_speakers(before)
        _, ranked_right = named_speakers(after)
        matched = before["matched"] & before["gold_type"].notna()
        unnamed = matched & (before["gold_type"] != "named") & (before["pred_type"] != "named") & (after["pred_type"] == "named")
        rows.append(
            {
                "set": s.name,
                "split": s.split,
                "language": s.language,
                "n_named": len(named),
                "rules": round(float(right.mean()), 3),
                "with_ranker": round(float(ranked_right.mean()), 3),
                "rules_type": round(float((before["gold_type"] == before["pred_type"])[matched].mean()), 3),
                "with_ranker_type": round(float((after["gold_type"] == after["pred_type"])[matched].mean()), 3),
                "changed": int((alone["speaker"].to_numpy() != ranked["speaker"].to_numpy()).sum()),
                "named_unnamed": int(unnamed.sum()),
                "broken": int((right & ~ranked_right).sum()),
            }
        )
    return pd.DataFrame(rows)


def first_scores(sets: tuple[EvalSet, ...]) -> pd.DataFrame:
    """Return the recorded first held-out scores by the round of rules that scored them, in the manifest's order.

    Returns
    -------
    pandas.DataFrame
        ``first_round, sets, first_scores`` (set names and scores as written, comma-separated) and ``lowest``,
        ``highest``; only sets with a first score.
    """
    rows: dict[str, list[EvalSet]] = {}
    for s in sets:
        if not np.isnan(s.first_score):
            rows.setdefault(s.first_round, []).append(s)
    return pd.DataFrame(
        [
            {
                "first_round": name,
                "sets": ", ".join(s.name for s in group),
                "first_scores": ", ".join(f"{s.first_score:.3f}" for s in group),
                "lowest": min(s.first_score for s in group),
                "highest": max(s.first_score for s in group),
            }
            for name, group in rows.items()
        ]
    )


def last_round(sets: tuple[EvalSet, ...]) -> tuple[EvalSet, ...]:
    """Return the sets first scored by the last round of the manifest (:func:`first_scores`): today's code, if it is that round's."""
    rounds = [s.first_round for s in sets if not np.isnan(s.first_score)]
    return tuple(s for s in sets if rounds and s.first_round == rounds[-1] and not np.isnan(s.first_score))
