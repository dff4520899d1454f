"""analysis.pipeline.Study: tables computed on first use, or given by an engine."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import write_corpus

from analysis import load_study

TEXT = "Le conseil a voté lundi. « Nous tiendrons les délais », a déclaré la maire, Odile Ferrand.\n"


def test_a_given_table_is_read_instead_of_computed_and_replaces_a_computed_one(tmp_path):
    study = load_study(write_corpus(tmp_path / "c", {"a": TEXT, "b": TEXT.replace("lundi", "mardi")}))
    computed = study.sentences
    assert len(computed) > 0
    given = computed.head(1)
    study.provide(sentences=given)
    assert study.sentences is given  # the cached value is dropped, the given one read
    assert study.given == {"sentences": given}
    assert "sentences" not in vars(study)  # nothing written into the instance's attributes


def test_only_tables_can_be_given(tmp_path):
    study = load_study(write_corpus(tmp_path / "c", {"a": TEXT, "b": TEXT}))
    with pytest.raises(ValueError, match="not a table"):
        study.provide(corpus=pd.DataFrame())
