"""Tests of the first-letter dispatched alternation against the plain alternation it replaces."""

import functools
import re

import numpy as np
import pytest

from analysis import load_study
from analysis.config import DATA_DIR
from analysis.kernels import alternative
from analysis.profile import Profile
from analysis.scale.scanner import Scanner, first_chars, prefixes
from analysis.scale.scanner import dispatched_alternation as _dispatched


def word_alternation(patterns, order=None, prefix="c", right=r"(?![\w-])"):
    order = sorted(range(len(patterns)), key=lambda i: (-len(patterns[i]), i)) if order is None else order
    return _dispatched(tuple(patterns), tuple(order), prefix, right)


#: The lexicons the scanner meets: the study's, and the English defaults (by a column: one alternation per value).
LEXICONS = [("study", "cues", None), ("study", "naming", None), ("study", "frame_cues", "item"), ("study", "persuasion", None)]
LEXICONS += [("en", "cues", None), ("en", "frame_cues", "item"), ("en", "persuasion", None)]


@functools.cache
def _profile(source: str) -> Profile:
    return load_study(DATA_DIR).profile if source == "study" else Profile.default(source)


def _lexicon(source: str, name: str):
    return getattr(_profile(source), name)


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


@pytest.mark.parametrize(("source", "name", "by"), LEXICONS)
def test_same_matches_as_plain_alternation_on_the_corpus(source, name, by, study):
    patterns = list(_lexicon(source, name)["pattern"])
    plain, fast = _plain(patterns), word_alternation(patterns)
    for text in study.corpus.documents["text"]:
        assert [(m.span(), alternative(m)) for m in fast.finditer(text)] == [(m.span(), int(m.lastgroup[1:])) for m in plain.finditer(text)]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?:pourparlers|négoci\w*)", {"pourp", "négoc"}),
        (r"il\s+est", {"il es"}),
        (r"de\s*paix", {"de pa", "depai"}),
        (r"d[’']après(?!-)", {"d’apr", "d'apr"}),
        (r"x?abc", {"xabc", "abc"}),
        (r"(?:de\s+)?(?:bonne|mauvaise)\s+foi", {"de bo", "de ma", "bonne", "mauva"}),
        (r"(?:ab)*c", {"ab", "c"}),
        (r"a+b", {"a"}),
        (r"ſalut", None),  # "ſ" matches "s" and "S" too: no beginning is listed
        (r"\d+\s+ans", None),
        (r"(?:x)?", None),
    ],
)
def test_prefixes(pattern, expected):
    got = prefixes(pattern)
    assert (None if got is None else set(got)) == expected


def _finditer(scanner, text):
    return [(a, m.span(), m.lastgroup) for a, p in enumerate(scanner.compiled) for m in p.finditer(text)]


def _scan(scanner, text):
    return [(a, m.span(), m.lastgroup) for a, m in scanner.scan(text)]


def _lexicon_scanners():
    for source, name, by in LEXICONS:
        meta = _lexicon(source, name).reset_index(drop=True)
        groups = [meta["pattern"]] if by is None else [rows["pattern"] for _, rows in meta.groupby(by, sort=True)]
        alternatives = [list(g) for g in groups]
        yield Scanner(alternatives, [word_alternation(a) for a in alternatives])


TRICKY_TEXTS = [
    "",
    "Il  est\u00a0clair qu’il\test\n\nprobable que la Russie négocie ; de\u202fpaix, de  la paix.",
    "La Ruſſie et les pourparlers ; İstanbul accueille les négociations ; ıl est",  # "ſ", "İ" and "ı": finditer
    "KELVIN: \u212aiev et Kiev; NÉGOCIATIONS, Négociations-cadres, -négociations, ré-négociations",
    "   de   la   paix   ",
]


def test_scanner_gives_the_matches_of_finditer_on_the_corpora(study):
    import pandas as pd

    from analysis.config import PROJECT_ROOT

    texts = [*study.corpus.documents["text"], *TRICKY_TEXTS]
    fixture = PROJECT_ROOT / "tests" / "fixtures" / "strike_corpus" / "raw"
    texts += [p.read_text(encoding="utf-8") for p in sorted(fixture.glob("*.txt"))]
    texts += list(pd.Series(texts).str.upper()) + list(pd.Series(texts).str.lower())
    for scanner in _lexicon_scanners():
        assert scanner.arrays  # the shipped lexicons are filtered, not scanned whole
        for text in texts:
            assert _scan(scanner, text) == _finditer(scanner, text)


def test_scanner_batch_gives_the_matches_of_finditer_text_by_text(study):
    # texts cut mid-word, ending with a hyphen or an apostrophe, empty, and ones that lower() does not describe ("ſ", "İ"):
    # the batch's word starts and beginnings cross the joins, the matches never do
    texts = [*study.raw_sentences["text"][:200], *TRICKY_TEXTS]
    texts += ["la pa", "ix des négo", "ciations", "pourparlers-", "cadres", "d’", "après", "", "Ruſſie", "paix"]
    texts += ["la\x00paix\x00 des négociations", "paix \ud800négociations\udfff de paix"]  # a NUL, lone surrogates
    texts += [t.upper() for t in texts]
    for scanner in _lexicon_scanners():
        expected = [_finditer(scanner, text) for text in texts]
        assert [[(a, m.span(), m.lastgroup) for a, m in found] for found in scanner.scan_many(texts)] == expected
        assert scanner.scan_many([]) == []


def test_scanner_splits_long_batches_and_finds_the_same_matches(study, monkeypatch):
    import analysis.scale.batches as matching

    texts = [*study.raw_sentences["text"][:300], *TRICKY_TEXTS, "la pa", "ix"]
    scanner = next(_lexicon_scanners())
    whole = [[(a, m.span(), m.lastgroup) for a, m in found] for found in scanner.scan_many(texts)]
    batches = []
    monkeypatch.setattr(matching, "BATCH_CHARS", 500)
    real = scanner._scan_batch
    monkeypatch.setattr(scanner, "_scan_batch", lambda batch, keep=None: batches.append(batch) or real(batch, keep))
    assert [[(a, m.span(), m.lastgroup) for a, m in found] for found in scanner.scan_many(texts)] == whole
    kept = [[(a, span) for a, span in found] for found in scanner.scan_many(texts, keep=lambda m: (m.span(), m.lastgroup))]
    assert kept == [[(a, (span, group)) for a, span, group in found] for found in whole]  # what the caller keeps, match by match
    assert len(batches) > 10 and all(len(b) == 1 or sum(len(t) + 1 for t in b) <= 501 for b in batches)


def test_length_batches_are_the_greedy_slices():
    from analysis.scale.batches import length_batches

    def greedy(lengths, limit):  # the specification: take texts while they fit, at least one per slice
        out, start, size = [], 0, 0
        for i, n in enumerate(lengths):
            if size and size + n > limit:
                out.append((start, i))
                start, size = i, 0
            size += n + 1
        return [*out, (start, len(lengths))]

    rng = np.random.default_rng(3)
    for _ in range(300):
        lengths = rng.integers(0, 40, size=int(rng.integers(1, 60)))
        limit = int(rng.integers(1, 120))
        assert length_batches(lengths, limit) == greedy(lengths.tolist(), limit)
    assert length_batches(np.array([], dtype=np.int64), 10) == [(0, 0)]


def test_word_starts_are_those_of_the_regular_expression():
    from analysis.scale.scanner import _WORD_STARTS, _word_starts

    every = "".join(map(chr, range(0x3000))) + "\U0001d400\U0001f600 a\U0001d400b \u3000x\U00010000-y"
    texts = [*TRICKY_TEXTS, every, every[::-1], "la\x00paix -de l’État", "\ud800abc d\udfffe", "é-é é", "  ", "a"]
    for text in texts:
        assert _word_starts(text).tolist() == [m.start() for m in _WORD_STARTS.finditer(text)]


def test_scanner_on_written_patterns():
    alternatives = [[r"\s+paix", r"de\s+la\s+paix", r"la"], [r"ſalut", r"salut"], [r"\d+\s+ans", r"an"], [r"d[’']après"]]
    scanner = Scanner(alternatives, [word_alternation(a) for a in alternatives])
    assert scanner.unfiltered == {0, 1, 2}  # white space, "ſ" and a digit at the start
    text = "De  la paix, SALUT ſalut, 3 ans, d’après D'APRÈS la paix"
    assert _scan(scanner, text) == _finditer(scanner, text)
    assert [m.group() for a, m in scanner.scan(text) if a == 3] == ["d’après", "D'APRÈS"]


def test_speaker_and_verb_scanners_give_the_matches_of_finditer(study):
    from analysis.sourcing import Speakers

    texts = [*study.raw_sentences["text"], *TRICKY_TEXTS]
    texts += [t.upper() for t in texts]
    speakers = Speakers.of(study.profile)
    for _, _, scanner in (speakers.mention_patterns(), speakers.verb_pattern()):
        assert scanner.arrays and not scanner.unfiltered
        for text in texts:
            assert _scan(scanner, text) == _finditer(scanner, text)


def test_scanner_scans_patterns_without_the_word_start_assertion_whole():
    compiled = [re.compile(r"paix", re.IGNORECASE), word_alternation([r"paix"])]
    scanner = Scanner([[r"paix"], [r"paix"]], compiled)
    assert scanner.unfiltered == {0}
    text = "la paix, impaix, PAIX. " * 30
    assert _scan(scanner, text) == _finditer(scanner, text)
    assert len([1 for a, _ in scanner.scan(text) if a == 0]) == 90 and len([1 for a, _ in scanner.scan(text) if a == 1]) == 60


def _random_pattern(rng) -> str:
    """A pattern of the syntax the lexicons use: letters (accented too), classes, groups, optional parts, white space."""
    atoms = ["a", "é", "s", "k", "n", "É", "ß", "’", r"\s+", r"\s*", " ", "[ée]", "[a-c]", "[’']", r"\w*", r"\d", ".", r"\-", "-"]

    def seq(depth):
        out = []
        for _ in range(rng.randint(1, 4)):
            r = rng.random()
            if r < 0.2 and depth < 2:
                body = "|".join(seq(depth + 1) for _ in range(rng.randint(1, 3)))
                out.append(rng.choice(["(?:", "(", "(?-i:"]) + body + ")" + rng.choice(["", "", "?", "{1,2}", "{0,2}"]))
            elif r < 0.25:
                out.append(rng.choice([r"(?<!x\s)", r"(?!-)", r"(?=a)", r"\b"]))
            else:
                atom = rng.choice(atoms)
                out.append(atom + ("" if atom[-1] in "*+" else rng.choice(["", "", "", "?", "+", "*?"])))
        return "".join(out)

    return seq(0)


def test_scanner_gives_the_matches_of_finditer_on_random_patterns():
    """Random patterns and texts: the beginnings read from a pattern's text never lose a match (seeded)."""
    import random

    rng = random.Random(11)
    letters = "aAéÉsSkKnNß’'-  \t\n.,3ſıİ\u212a"
    texts = ["".join(rng.choice(letters) for _ in range(rng.randint(0, 60))) for _ in range(300)]
    texts += ["Négociations, l’État, les états-majors, NÉGOCIATIONS et la négociation", *TRICKY_TEXTS]
    filtered = 0
    for _ in range(150):
        alternatives = [[_random_pattern(rng) for _ in range(rng.randint(1, 4))] for _ in range(3)]
        scanner = Scanner(alternatives, [word_alternation(a) for a in alternatives])
        filtered += len(alternatives) - len(scanner.unfiltered)
        assert [_scan(scanner, t) for t in texts] == [_finditer(scanner, t) for t in texts], alternatives
    assert filtered > 50  # many alternations went through the beginnings (98 of 450 with this seed), not only finditer


@pytest.mark.parametrize(
    "pattern",
    [r"(?i)abc", r"(?x)a b", r"(?P<n>ab)", r"a(?#c)b", r"\x41bc", r"\u00e9tat", r"[^a]bc", r"a\1", r"(ab", r"ab)", r"*a", r"[ab"],
)
def test_constructs_the_reader_does_not_know_leave_the_beginnings_unknown(pattern):
    assert prefixes(pattern) is None
