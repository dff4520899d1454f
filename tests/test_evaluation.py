"""analysis.evaluation: the evaluation corpora come from a manifest passed in, not from the package's data folder."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from analysis.config import PROJECT_ROOT
from analysis.errors import CorpusError
from analysis.evaluation import eval_sets


def test_the_studys_manifest_lists_dev_and_test_sets_with_their_folders():
    sets = eval_sets(PROJECT_ROOT / "data" / "eval" / "sets.csv")
    assert [s.name for s in sets if s.split == "test"] == [
        "fr_test",
        "en_test",
        "fr_test2",
        "en_test2",
        "fr_test6",
        "fr_test7",
        "fr_test9",
        "fr_test10",
        "fr_test12",
        "fr_test13",
        "fr_test14",
        "fr_test15",
        "fr_test16",
        "fr_test17",
        "fr_test18",
        "fr_test19",
        "fr_test20",
    ]
    assert all(s.corpus.is_dir() and s.annotations.is_dir() for s in sets)
    assert next(s for s in sets if s.name == "fr_fixture").corpus == (PROJECT_ROOT / "tests" / "fixtures" / "fr_corpus").resolve()
    # a set's first held-out score is recorded data; a development set never held out has none
    assert all(0 < s.first_score < 1 for s in sets if s.split == "test")
    assert math.isnan(next(s for s in sets if s.name == "fr_dev").first_score)


def _manifest_error(tmp_path, text: str) -> str:
    """The error a manifest with these lines raises (one evaluation folder, ``mine``, exists)."""
    (tmp_path / "mine").mkdir()
    manifest = tmp_path / "sets.csv"
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        eval_sets(manifest)
    return str(err.value)


def test_a_bad_manifest_names_the_line_and_field(tmp_path):
    text = _manifest_error(tmp_path, "set,split,language,corpus,annotations\nmine,dev,fr,mine,mine\nother,train,fr,nowhere,mine\n")
    assert "sets.csv:3 [split]" in text and "sets.csv:3 [corpus]" in text and ":2" not in text


def test_a_first_score_that_is_no_number_names_the_line(tmp_path):
    text = _manifest_error(tmp_path, "set,split,language,corpus,annotations,first_score\nmine,test,fr,mine,mine,high\n")
    assert "sets.csv:2 [first_score]" in text


def _annotated_set(tmp_path, text: str, quoted: list[str]) -> Path:
    """A one-document corpus whose marked ``quoted`` words are all Claire Vautrin's (named, no cue), and its manifest."""
    from conftest import write_corpus

    root = write_corpus(tmp_path / "c", {"a": text})
    (root / "annotations").mkdir(exist_ok=True)
    rows = ["doc_id,quote_id,start,end,kind,speaker,speaker_type,role,verb,cue_start,cue_end,note"]
    for i, words in enumerate(quoted):
        start = text.index(words)
        rows.append(f"a,{i},{start},{start + len(words)},direct,Claire Vautrin,named,,,-1,-1,")
    (root / "annotations" / "quotes_gold.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    manifest = tmp_path / "sets.csv"
    manifest.write_text("set,split,language,corpus,annotations\nmine,test,fr,c,c/annotations\n", encoding="utf-8")
    return manifest


def test_speaker_errors_counts_each_wrong_named_speaker_by_kind(tmp_path):
    """Three quotes with a named hand speaker: one right, one left unknown, one given the role as written."""
    from analysis.evaluation import pooled_named_accuracy, speaker_errors

    text = (
        "« Nous tiendrons jusqu'au bout », a déclaré Claire Vautrin.\n\n"
        "« Les chiffres sont mauvais », a-t-on appris.\n\n"
        "« Le dialogue reste ouvert », a précisé un porte-parole.\n"
    )
    manifest = _annotated_set(
        tmp_path, text, ["« Nous tiendrons jusqu'au bout »", "« Les chiffres sont mauvais »", "« Le dialogue reste ouvert »"]
    )
    got = speaker_errors(eval_sets(manifest)).iloc[0]
    assert (got["n_named"], got["errors"]) == (3, 2)
    assert (got["unknown"], got["role_unresolved"], got["partial_name"], got["other_speaker"]) == (1, 1, 0, 0)
    # the same set pooled: one document of three named quotes, one right; its interval cannot leave 1/3 (one document)
    pooled = pooled_named_accuracy(eval_sets(manifest)).iloc[0]
    assert (pooled["language"], pooled["n_documents"], pooled["n_named"]) == ("fr", 1, 3)
    assert pooled["named_accuracy"] == pooled["named_low"] == pooled["named_high"] == round(1 / 3, 3)


def test_pooled_accuracy_resamples_documents_not_quotes():
    """Two documents, all right and all wrong: the interval spans 0 to 1, where resampling quotes would give a narrow one."""
    import pandas as pd

    from analysis.evaluation import named_interval

    assert named_interval(pd.DataFrame({"ok": [50, 0], "n": [50, 50]}, index=["a", "b"])) == (0.0, 1.0)


def test_ranker_effect_scores_the_rules_alone_and_with_the_ranker(tmp_path, monkeypatch):
    """A ranker that prefers the person of another paragraph takes the floating quotation from its speaker."""
    from analysis.attribution import SpeakerRanker
    from analysis.evaluation import ranker_effect

    contrary = SpeakerRanker({"same_paragraph": -10.0, "person": 5.0, "d2": 1.0})
    monkeypatch.setattr(SpeakerRanker, "default", classmethod(lambda cls: contrary))
    text = "Claire Vautrin a reçu Paul Ndiaye mardi.\n\n« Nous ne fermerons pas l'école », a déclaré Claire Vautrin. « Rien n'est décidé pour la rentrée. »\n"
    manifest = _annotated_set(tmp_path, text, ["« Nous ne fermerons pas l'école »", "« Rien n'est décidé pour la rentrée. »"])
    got = ranker_effect(eval_sets(manifest)).iloc[0]
    assert (got["n_named"], got["rules"], got["with_ranker"], got["changed"]) == (2, 1.0, 0.5, 1)
    assert (got["broken"], got["named_unnamed"], got["rules_type"], got["with_ranker_type"]) == (1, 0, 1.0, 1.0)


def test_first_scores_are_grouped_by_the_round_that_scored_them(tmp_path):
    for name in ("a", "b", "c", "d"):
        (tmp_path / name).mkdir()
    manifest = tmp_path / "sets.csv"
    manifest.write_text(
        "set,split,language,corpus,annotations,first_score,first_round\n"
        "a,dev,fr,a,a,,\nb,test,fr,b,b,0.7,1\nc,test,fr,c,c,0.81,2\nd,test,en,d,d,0.9,2\n",
        encoding="utf-8",
    )
    from analysis.evaluation import first_scores

    got = first_scores(eval_sets(manifest))
    assert got[["first_round", "sets", "first_scores"]].values.tolist() == [["1", "b", "0.700"], ["2", "c, d", "0.810, 0.900"]]
    assert (got["lowest"].tolist(), got["highest"].tolist()) == ([0.7, 0.81], [0.7, 0.9])
    from analysis.evaluation import last_round

    assert [s.name for s in last_round(eval_sets(manifest))] == ["c", "d"]
