"""analysis.evaluation: the evaluation corpora come from a manifest passed in, not from the package's data folder."""

from __future__ import annotations

import pytest

from analysis.config import PROJECT_ROOT
from analysis.errors import CorpusError
from analysis.evaluation import eval_sets


def test_the_studys_manifest_lists_dev_and_test_sets_with_their_folders():
    sets = eval_sets(PROJECT_ROOT / "data" / "eval" / "sets.csv")
    assert [s.name for s in sets if s.split == "test"] == ["fr_test", "en_test", "fr_test2", "en_test2"]
    assert all(s.corpus.is_dir() and s.annotations.is_dir() for s in sets)
    assert next(s for s in sets if s.name == "fr_fixture").corpus == (PROJECT_ROOT / "tests" / "fixtures" / "fr_corpus").resolve()


def test_a_bad_manifest_names_the_line_and_field(tmp_path):
    (tmp_path / "mine").mkdir()
    manifest = tmp_path / "sets.csv"
    manifest.write_text("set,split,language,corpus,annotations\nmine,dev,fr,mine,mine\nother,train,fr,nowhere,mine\n", encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        eval_sets(manifest)
    text = str(err.value)
    assert "sets.csv:3 [split]" in text and "sets.csv:3 [corpus]" in text and ":2" not in text
