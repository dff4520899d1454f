"""Golden persuasion-technique cues and rates per 1,000 tokens, derived by hand from the French lexicon.

Rule (``analysis/frames.py``, ``analysis/cues.py``): every pattern of
``analysis/languages/fr/persuasion.csv`` goes into ONE whole-word, case-insensitive
alternation tried longest pattern first, so one place of the text is one cue of one
technique; the rate of a technique is 1000 x cues / own-voice tokens of the outlet
(a token: a run of letters, inner hyphens kept, or a number), reported for the six
techniques, zeros included.
"""

from __future__ import annotations

import pytest

from analysis import load_study

# Every sentence has 5 tokens (counted by hand); one paragraph per sentence.
ALPHA = [
    "Ce plan est une arnaque.",  # loaded_language: "arnaques?"
    "Le maire est une marionnette.",  # name_calling: "marionnettes?"
]
BETA = [
    "Les prix sont absolument énormes.",  # exaggeration_minimisation twice: "absolument|..." and "énorm(?:e|es|ément|ité)"
    "La pluie tombe ce soir.",  # no cue
]
GAMMA = [
    "Ses chiffres sont faux.",  # doubt: "(?:est|sont)\s+faux"  (4 tokens)
    "La menace grandit.",  # appeal_to_fear: "menac(?:e|es|...)"  (3 tokens)
    "Et pourtant, rien ne bouge.",  # whataboutism "et\s+pourtant"; exaggeration_minimisation "rien\s+ne"  (5 tokens)
    # "catastrophe" is a pattern of loaded_language (catastroph(?:e|es|ique|iques|iquement)) AND of appeal_to_fear
    # (catastroph(?:e|es|ique|iques)); the longer pattern is tried first, so it is one loaded_language cue.  (3 tokens)
    "La catastrophe approche.",
]
TECHNIQUES = ("loaded_language", "name_calling", "doubt", "appeal_to_fear", "exaggeration_minimisation", "whataboutism")


@pytest.fixture
def study(make_corpus):
    docs = {"a1": ALPHA, "b1": BETA, "g1": GAMMA}
    return load_study(make_corpus({d: "\n\n".join(s) + "\n" for d, s in docs.items()}, outlets=("alpha", "beta", "gamma")))


def test_which_technique_fires_on_which_sentence(study):
    found = study.persuasion
    got = sorted(zip(found["doc_id"], found["sentence_id"], found["cue_type"]))
    assert got == [
        ("a1", 0, "loaded_language"),
        ("a1", 1, "name_calling"),
        ("b1", 0, "exaggeration_minimisation"),
        ("b1", 0, "exaggeration_minimisation"),
        ("g1", 0, "doubt"),
        ("g1", 1, "appeal_to_fear"),
        ("g1", 2, "exaggeration_minimisation"),
        ("g1", 2, "whataboutism"),
        ("g1", 3, "loaded_language"),
    ]


def test_rates_per_thousand_tokens_by_hand(study):
    rates = study.persuasion_rates.set_index(["outlet", "category"])
    assert len(rates) == 3 * len(TECHNIQUES)  # every technique reported for every outlet, zeros kept
    # alpha: 10 tokens; 1 loaded, 1 name calling -> 1000 * 1 / 10 = 100 each.
    # beta: 10 tokens; 2 exaggeration -> 200.
    # gamma: 4 + 3 + 5 + 3 = 15 tokens; doubt, fear, whataboutism, loaded 1 each -> 1000 / 15 = 66.667;
    #        exaggeration 1 -> 66.667.
    expected = {
        ("alpha", "loaded_language"): (1, 100.0),
        ("alpha", "name_calling"): (1, 100.0),
        ("beta", "exaggeration_minimisation"): (2, 200.0),
        ("gamma", "doubt"): (1, 66.667),
        ("gamma", "appeal_to_fear"): (1, 66.667),
        ("gamma", "whataboutism"): (1, 66.667),
        ("gamma", "loaded_language"): (1, 66.667),
        ("gamma", "exaggeration_minimisation"): (1, 66.667),
    }
    tokens = {"alpha": 10, "beta": 10, "gamma": 15}
    for outlet in tokens:
        for technique in TECHNIQUES:
            row = rates.loc[(outlet, technique)]
            count, per_1000 = expected.get((outlet, technique), (0, 0.0))
            assert (row["count"], row["n_tokens"], row["per_1000"]) == (count, tokens[outlet], per_1000), (outlet, technique)


def test_interval_of_a_one_document_outlet_spans_the_possible_resamples(study):
    # alpha has one document, so its 2 sentences (5 tokens each) are resampled: a replicate holds 10 tokens and
    # 0, 1 or 2 copies of the "arnaque" sentence with probabilities 1/4, 1/2, 1/4 -> rates 0, 100, 200.
    # With 1,000 replicates about 250 are 0 and 250 are 200, so the 5th percentile is 0 and the 95th is 200.
    row = study.persuasion_rates.set_index(["outlet", "category"]).loc[("alpha", "loaded_language")]
    assert row["resampled"] == "sentences"
    assert (row["per_1000_p05"], row["per_1000_p95"]) == (0.0, 200.0)
