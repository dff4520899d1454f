"""Golden journalistic conditionals (French) and evidential cues (English), derived from the documented rules.

French rule (``analysis/cues.py`` docstring, ``[conditional]`` of ``analysis/languages/fr/rules.toml``):
a past conditional (aurait/auraient/serait/seraient + past participle) counts anywhere, except the
counterfactual "aurait dû/pu/fallu/voulu"; any third-person conditional (a future stem + -rait/-raient)
counts only in a sentence naming a source ("selon", "d'après", "de source(s)", "citant"); neither after
"si"/"s'il"/"au cas où" nor after a complementiser "que" (unless its head is adverbial: "bien que",
"alors que"...); never the modals pouvoir/devoir/falloir/vouloir/aimer nor the counterfactual.
English has no conditional rule: unconfirmed reports are ``evidential`` cues of ``en/cues.csv``.
"""

from __future__ import annotations

import pytest

from analysis import load_study
from analysis.cues import conditional_spans
from analysis.language import language_rules

FR = language_rules("fr")
EN = language_rules("en")


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "selon X, Y aurait + participle": the past conditional "aurait quitté"; the bare "aurait" that the
        # source-marked rule also finds starts at the same place and is inside it, so one span.
        ("Selon la préfecture, le maire aurait quitté la ville.", ["aurait quitté"]),
        # plain conditional + source: "partirait" = stem "parti" + "rait" -> reportive.
        ("Selon la préfecture, le maire partirait demain.", ["partirait"]),
        # the same plain conditional without a source is not reportive (no past conditional either).
        ("Le maire partirait demain.", []),
        # indicative: no aur/ser + -ait, no -rait form.
        ("Selon la préfecture, le maire a quitté la ville.", []),
        # "d'après" names a source; "seraient entrés": a past conditional (participle in -és).
        ("D'après des témoins, les voleurs seraient entrés par le toit.", ["seraient entrés"]),
        # imperfect "préparait": "a" before "-rait" is no future stem -> not a conditional.
        ("Selon la préfecture, le maire préparait son départ.", []),
        # noun "retrait": a single "t" before "-rait" is no future stem (only "tt") -> nothing.
        ("Selon la préfecture, le retrait des barrières est prévu.", []),
        # hypothetical "s'il" before the verb blocks it, source or not.
        ("S'il pleuvait, selon la préfecture, la fête serait annulée.", []),
        # future in the past: complementiser "que" headed by "annoncé" blocks "serait annulée".
        ("Le maire a annoncé que la fête serait annulée.", []),
        # "bien que" is adverbial: it does not block the past conditional "serait parti".
        ("Bien que la fête approche, le maire serait parti.", ["serait parti"]),
        # counterfactual modal without a source: excluded from the past rule.
        ("Le maire aurait dû partir.", []),
        # modal "pourrait" with a source: pourr- is excluded from the plain rule.
        ("Selon la préfecture, le maire pourrait partir.", []),
    ],
)
def test_french_journalistic_conditional(sentence, expected):
    assert [sentence[a:b] for a, b in conditional_spans(sentence, FR)] == expected


# documented: never the counterfactual "aurait dû/pu/fallu/voulu"; with a source marker the plain-conditional pattern
# matched the bare auxiliary "aurait" of "aurait dû" until rules.toml's `any` pattern excluded it (found by this test)
@pytest.mark.parametrize(
    "sentence",
    ["Selon l'opposition, le maire aurait dû démissionner.", "D'après ses proches, le maire aurait pu partir plus tôt."],
)
def test_counterfactual_with_a_source_is_not_a_journalistic_conditional(sentence):
    assert conditional_spans(sentence, FR) == []


def test_english_has_no_conditional_rule():
    assert conditional_spans("According to the police, the mayor would have left.", EN) == []


def test_english_evidential_cues_in_a_corpus(make_corpus):
    text = (
        # "reportedly" (evidential row "reportedly"); 6 tokens
        "The mayor reportedly left the city.\n\n"
        # "allegedly" (evidential row "allegedly"); the reporting-verb row "allege" needs a word end after
        # "alleged" / "allege", so it cannot take "allegedly".  6 tokens
        "The mayor allegedly took the money.\n\n"
        # no evidential word ("would" is a modal, not a report).  8 tokens
        "The mayor would leave the city next week.\n"
    )
    study = load_study(make_corpus({"e1": text}, outlets=("alpha",), language="en"))
    ev = study.cues[study.cues["cue_type"] == "evidential"]
    assert list(zip(ev["sentence_id"], ev["cue"])) == [(0, "reportedly"), (1, "allegedly")]
    assert not (study.cues["cue_type"] == "conditional").any()
    # 2 evidentials / (6 + 6 + 8) tokens x 1000 = 100 per 1,000.
    row = study.cue_rates.set_index("category").loc["evidential"]
    assert (row["count"], row["n_tokens"], row["per_1000"]) == (2, 20, 100.0)


def test_french_conditional_rows_and_rate_in_a_corpus(make_corpus):
    text = (
        # "auraient signé": past conditional, no source needed.  5 tokens
        "Les syndicats auraient signé hier.\n\n"
        # "signeraient" (stem "signe" + "raient") without a source: not reportive.  4 tokens
        "Les syndicats signeraient demain.\n\n"
        # the same with "selon": reportive.  7 tokens
        "Selon le journal, les syndicats signeraient demain.\n"
    )
    study = load_study(make_corpus({"f1": text}, outlets=("alpha",)))
    cond = study.cues[study.cues["cue_type"] == "conditional"]
    assert list(zip(cond["sentence_id"], cond["cue"])) == [(0, "auraient signé"), (2, "signeraient")]
    # French always reports the conditional: 2 / (5 + 4 + 7) tokens x 1000 = 125 per 1,000.
    row = study.cue_rates.set_index("category").loc["conditional"]
    assert (row["count"], row["n_tokens"], row["per_1000"]) == (2, 16, 125.0)
