"""The plain kernels (analysis.kernels) and the speed wing's give the same tables, byte for byte."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import kernels
from analysis.config import DATA_DIR, PROJECT_ROOT
from analysis.scale import arrow, scanner, tables_with


def test_the_package_runs_the_fast_kernels_and_plain_switches_them_off():
    assert kernels._active["scanner"] is scanner.Scanner
    with kernels.plain():
        assert kernels._active == kernels.PLAIN
        assert kernels.unigram_matrix(["la paix"]) is None
    assert kernels._active["unigram_matrix"] is arrow.unigram_matrix


def test_install_refuses_an_unknown_kernel():
    with pytest.raises(ValueError, match="unknown kernels: tokenise"):
        kernels.install(tokenise=len)


def test_plain_and_fast_scanners_find_the_same_matches(study):
    patterns = list(study.profile.cues["pattern"])
    texts = list(study.raw_sentences["text"])
    with kernels.plain():
        plain_pattern = kernels.alternation(patterns)
        plain = kernels.scanner([patterns], [plain_pattern]).scan_many(texts, keep=lambda m: (m.span(), kernels.alternative(m)))
    fast_pattern = kernels.alternation(patterns)
    fast = kernels.scanner([patterns], [fast_pattern]).scan_many(texts, keep=lambda m: (m.span(), kernels.alternative(m)))
    assert plain_pattern.pattern != fast_pattern.pattern  # two different expressions...
    assert fast == plain and sum(map(len, plain)) > 100  # ...with the same matches


def test_plain_and_fast_token_kernels_agree(study):
    texts = study.units["sentences"]["text"]
    fast = (kernels.count_tokens(texts), kernels.normalise_space(texts))
    with kernels.plain():
        plain = (kernels.count_tokens(texts), kernels.normalise_space(texts))
    for a, b in zip(fast, plain):
        pd.testing.assert_series_equal(a, b, check_dtype=False)


@pytest.mark.slow
@pytest.mark.parametrize("corpus", [DATA_DIR, PROJECT_ROOT / "tests" / "fixtures" / "en_corpus"], ids=["study", "en_fixture"])
def test_every_table_is_the_same_with_the_plain_kernels(corpus, tmp_path):
    fast = tables_with("fast", corpus, tmp_path / "fast")
    plain = tables_with("plain", corpus, tmp_path / "plain")
    assert len(fast) > 30 and fast.keys() == plain.keys()
    assert [name for name in fast if fast[name] != plain[name]] == []
