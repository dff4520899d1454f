"""Tests of the first-letter dispatched alternation against the plain alternation it replaces."""

import re

import pytest

from analysis.cues import load_cues, load_naming
from analysis.frames import load_frame_cues, load_persuasion
from analysis.matching import alternative, first_chars, word_alternation


def _plain(patterns):
    order = sorted(range(len(patterns)), key=lambda i: (-len(patterns[i]), i))
    body = "|".join(f"(?P<c{i}>{patterns[i]})" for i in order)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"Kyiv", {"k"}),
        (r"(?:pourr|peu)(?:t|vent)", {"p"}),
        (r"(?<=isme\s)primaires?", {"p"}),
        (r"[ée]tat|Ukraine", {"é", "e", "u"}),
        (r"(?:des\s+)?responsables", {"d", "r"}),
        (r"\d+\s+ans", None),
        (r"[^,]+", None),
        (r"(?:x)?", None),
    ],
)
def test_first_chars(pattern, expected):
    got = first_chars(pattern)
    assert (None if got is None else set(got)) == expected


def test_same_matches_as_plain_alternation_on_written_text():
    patterns = [r"Kiev", r"Kyiv", r"\d+\s+ans", r"régime(?:\s+de\s+Kiev)?", r"(?:des|les)\s+responsables", r"responsables?"]
    text = "Le régime de Kiev, Kyiv; 25 ans. Des responsables et un responsable; KIEV-ville, kyiv2, 3 ans"
    plain = [(m.span(), int(m.lastgroup[1:])) for m in _plain(patterns).finditer(text)]
    fast = [(m.span(), alternative(m)) for m in word_alternation(patterns).finditer(text)]
    assert fast == plain
    assert [patterns[k] for _, k in fast][:3] == [r"régime(?:\s+de\s+Kiev)?", r"Kyiv", r"\d+\s+ans"]


@pytest.mark.parametrize("load", [load_cues, load_naming, load_frame_cues, load_persuasion])
def test_same_matches_as_plain_alternation_on_the_corpus(load, study):
    patterns = list(load()["pattern"])
    plain, fast = _plain(patterns), word_alternation(patterns)
    for text in study.corpus.documents["text"]:
        assert [(m.span(), alternative(m)) for m in fast.finditer(text)] == [(m.span(), int(m.lastgroup[1:])) for m in plain.finditer(text)]
