"""A report that reads right for any corpus (analysis.findings, analysis.report): a test per failure of issue 21.

Issue 21 found, on a user's corpus: "from 100% to 100% of tokens"; "Anonymous
sources carry 0% of the quotes in cnn and 0% in cnn"; "<outlet> leans most on
anonymous sources (4%)"; a corpus table that stopped at 40 documents; and
limitations about translated relays and annotations the corpus did not have.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from conftest import write_corpus

from analysis.findings import findings, share, two_shares_differ, who_is_quoted
from analysis.pipeline import Study
from analysis.reader import load_corpus
from analysis.report import corpus_table, index_page, limitations

TEXT = (
    "Le conseil municipal de Brévanne a voté lundi le budget de la piscine, a indiqué la mairie.\n\n"
    "« Nous tiendrons les délais », a déclaré la maire, Odile Ferrand.\n\n"
    "Selon une source proche du dossier, le chantier commencera en mai.\n"
)


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """45 short documents of two outlets, no annotation, no relay, no catalogue."""
    root = tmp_path_factory.mktemp("many")
    texts = {f"doc{i:02d}": TEXT.replace("lundi", ["lundi", "mardi", "mercredi"][i % 3]) for i in range(45)}
    return Study(load_corpus(write_corpus(root / "c", texts)))


def test_a_range_whose_ends_are_equal_is_not_written(many):
    text = " ".join(t for t, _ in findings(many))
    assert not re.search(r"from (\d+%) .*?to \1 ", text)
    assert "from 100% to 100%" not in text
    assert "is 100% of the tokens in each of the 45 documents" in text


def test_no_outlet_is_compared_with_itself(tmp_path):
    one = Study(load_corpus(write_corpus(tmp_path / "one", {"a": TEXT, "b": TEXT}, outlets=("solo",))))
    text = " ".join(t for t, _ in findings(one))
    assert "Anonymous speakers:" not in text and "Closest vocabularies" not in text
    for sentence, _ in findings(one):
        labels = re.findall(r"(?:in|of) (Solo)\b", sentence)
        assert len(labels) <= 1, sentence


def test_small_shares_are_not_contrasted_and_counts_stand_beside_shares(many):
    sourcing = who_is_quoted(many)
    text = " ".join(t for t, _ in sourcing)
    assert "leans most" not in text
    # the two outlets use anonymous sources in the same proportion: no contrast is claimed
    assert "do not differ clearly" in text
    for sentence in (t for t, _ in sourcing):
        for pct in re.finditer(r"\((\d+)%\)", sentence):
            assert re.search(r"\d+ of \d+ $", sentence[: pct.start()]), sentence  # "k of n (p%)"


def test_two_proportions_need_both_a_gap_and_a_test():
    assert share(2, 50) == "2 of 50 (4%)"
    assert not two_shares_differ(2, 50, 0, 50)  # 4% against 0%: no difference the counts support
    assert two_shares_differ(30, 50, 5, 50)
    assert not two_shares_differ(1, 1, 0, 1)  # one quote each


def test_the_corpus_table_lists_every_document(many):
    assert len(corpus_table(many)) == 45
    page = index_page(many, [])
    rows = re.search(r'id="corpus".*?<table.*?</table>', page, re.S).group(0)
    assert rows.count("<tr") == 46  # header and 45 documents, no cut at 40
    assert "doc44" in rows and "relay_chain" not in rows  # relay columns only when the corpus has relays


def test_limitations_describe_the_corpus_not_the_study(many, study):
    mine = " ".join(limitations(many))
    assert "translation" not in mine and "No hand annotation" in mine and "French" in mine
    assert "Stories were discovered" in mine
    theirs = " ".join(limitations(study))
    assert "translations" in theirs and "quotes_gold.csv" in theirs and "single document" in theirs


def test_the_index_page_shows_stories_speakers_and_dispersion(many):
    page = index_page(many, [])
    for anchor in ('id="stories"', 'id="speakers"', 'id="words"', "n_docs", "top_doc_share"):
        assert anchor in page
    assert "Odile Ferrand" in page  # who is quoted, found in the text


def test_findings_on_the_study_keep_their_counts(study):
    text = " ".join(t for t, _ in findings(study))
    assert "catalogued events" in text and "quotes in the outlets' own voice" in text
    assert not re.search(r"(\d+)% of the quotes in (\w+) and \1% in \2", text)
    assert isinstance(pd.DataFrame(findings(study)), pd.DataFrame)
