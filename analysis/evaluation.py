"""Scores of the speaker and story rules on hand-annotated corpora the rules were not written on.

The evaluation corpora live in ``data/eval/`` (invented news written for the
project, CC0; their READMEs say who wrote and annotated them).  Each is a
*development* set (the rules were written and tuned while reading it) or a
*test* set (held out: scored, never read to change a rule).  Each has a hand
annotation of its quotations (``annotations/quotes_gold.csv``, codebook
``docs/speakers_codebook.md``) and of its stories
(``annotations/stories_gold.csv``), most with a second, blind annotation
(``quotes_gold_a2.csv``, ``stories_a2.csv``) for agreement.

The scores are the package's own (:func:`analysis.sourcing.evaluate_quotes`,
:func:`analysis.stories.evaluate_stories`); an actor file, where a corpus has
one, is left out, so every speaker is found in the text.

Examples
--------
>>> [s.name for s in EVAL_SETS if s.split == "test"]
['fr_test', 'en_test', 'fr_test2']
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .config import DATA_DIR, PROJECT_ROOT
from .pipeline import Study
from .reader import load_corpus
from .sourcing import evaluate_quotes, load_quote_gold
from .stories import bcubed, evaluate_stories

EVAL_DIR = DATA_DIR / "eval"


@dataclass(frozen=True)
class EvalSet:
    """One evaluation corpus: its name, split, language, corpus folder and annotation folder."""

    name: str
    split: str
    language: str
    corpus: Path
    annotations: Path


#: The evaluation corpora, development sets first.
EVAL_SETS = (
    EvalSet("fr_dev", "dev", "fr", EVAL_DIR / "fr_dev", EVAL_DIR / "fr_dev" / "annotations"),
    EvalSet("fr_dev2", "dev", "fr", EVAL_DIR / "fr_dev2", EVAL_DIR / "fr_dev2" / "annotations"),
    EvalSet("fr_fixture", "dev", "fr", PROJECT_ROOT / "tests" / "fixtures" / "fr_corpus", EVAL_DIR / "fr_fixture" / "annotations"),
    EvalSet("en_dev", "dev", "en", EVAL_DIR / "en_dev", EVAL_DIR / "en_dev" / "annotations"),
    EvalSet("fr_test", "test", "fr", EVAL_DIR / "fr_test", EVAL_DIR / "fr_test" / "annotations"),
    EvalSet("en_test", "test", "en", EVAL_DIR / "en_test", EVAL_DIR / "en_test" / "annotations"),
    EvalSet("fr_test2", "test", "fr", EVAL_DIR / "fr_test2", EVAL_DIR / "fr_test2" / "annotations"),
)


def study_without_actors(root: Path) -> Study:
    """Return the study of a corpus with its actor file left out: every speaker must be found in the text."""
    corpus = load_corpus(root)
    return Study(corpus, corpus.profile.replace(actors=corpus.profile.actors.iloc[:0]))


def _overall(scores: pd.DataFrame) -> pd.Series:
    return scores[scores["doc_id"] == "all"].iloc[0]


def speaker_scores(sets=EVAL_SETS, threshold: float = 0.3) -> pd.DataFrame:
    """Quote detection and speaker scores of every evaluation set, with the agreement of its two annotators.

    Returns
    -------
    pandas.DataFrame
        ``set, split, language, n_documents, n_gold, precision, recall, f1,
        n_named, named_accuracy, type_accuracy, verb_accuracy`` and the
        second annotator's ``a2_f1, a2_named_accuracy`` (against the first;
        empty without a second annotation).
    """
    rows = []
    for s in sets:
        gold_path = s.annotations / "quotes_gold.csv"
        if not gold_path.is_file():
            continue
        study = study_without_actors(s.corpus)
        gold = load_quote_gold(gold_path)
        got = _overall(evaluate_quotes(study.quotes, gold, threshold)["scores"])
        row = {"set": s.name, "split": s.split, "language": s.language, "n_documents": len(study.documents)}
        row |= {k: got[k] for k in ("n_gold", "precision", "recall", "f1", "n_named", "named_accuracy", "type_accuracy", "verb_accuracy")}
        second = s.annotations / "quotes_gold_a2.csv"
        if second.is_file():
            agree = _overall(evaluate_quotes(load_quote_gold(second), gold, threshold)["scores"])
            row |= {"a2_f1": agree["f1"], "a2_named_accuracy": agree["named_accuracy"]}
        rows.append(row)
    return pd.DataFrame(rows)


def story_scores(sets=EVAL_SETS) -> pd.DataFrame:
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
