"""Golden rule-baseline stance: hand-made target and cues, labels derived from the documented rule.

Rule (``analysis/stance.py``): a sentence gets a stance toward a target only if a ``topic``
cue of the target matches; each ``favor`` cue counts +1 and each ``against`` cue -1, the sign
flipped when a French negation ("ne", "n'", "pas", "jamais", "aucun", "sans", "ni", "plus de")
stands among the four tokens before the cue, unless the against cue itself begins with its
negation ("pas", "ne", "aucun", "peu"); a cue of opposite sign at most three tokens after
another is governed by it and dropped.  Label = sign of the sum; holder = "outlet" for the
outlet's own voice when the deciding cue is not inside a quote, "" when there is no stance.
Targets and cues are the corpus's ``targets.csv`` and ``stance_cues.csv``, beside its metadata.
"""

from __future__ import annotations

import pytest

from analysis import load_study

TARGETS = "target,label,definition\ntramway,Le tramway,Le projet de tramway de la ville\n"
CUES = "target,role,pattern\ntramway,topic,tramways?\ntramway,favor,soutien\\w*\ntramway,against,oppos\\w*\ntramway,against,pas\\s+favorables?\n"

SENTENCES = [
    # (sentence, label, score), derived by hand:
    # topic "tramway"; favor "soutiennent" (soutien\w*), no negation before -> +1.
    ("Les habitants soutiennent le tramway.", "favor", 1),
    # against "opposent" (oppos\w*); the four tokens before are "Les", "commerçants", "s" -> no negation -> -1.
    ("Les commerçants s'opposent au tramway.", "against", -1),
    # favor "soutient" with "ne" among the four tokens before -> flipped to -1.
    ("Le maire ne soutient pas le tramway.", "against", -1),
    # against "oppose" after "ne" -> flipped to +1.
    ("Le maire ne s'oppose plus au tramway.", "favor", 1),
    # against "pas favorable": the elided "n'" before it would flip it, but the cue begins with its own
    # negation "pas", so it stays -1.
    ("Le préfet n'est pas favorable au tramway.", "against", -1),
    # +1 ("soutient") and -1 ("opposent", seven tokens later, so not governed; "s'y" is one token, no negation) -> 0.
    ("Le conseil soutient le tramway mais les riverains s'y opposent.", "none", 0),
    # -1 ("opposent") then +1 ("soutien") one token later ("au"): governed by the against cue, dropped -> -1.
    ("Les élus s'opposent au soutien du tramway.", "against", -1),
    # a favor cue but no topic cue: no stance at all.
    ("Le maire soutient la piscine.", "none", 0),
    # the topic alone: no stance cue -> 0.
    ("Le tramway arrive lundi.", "none", 0),
]


@pytest.fixture
def study(make_corpus):
    root = make_corpus({"d1": "\n\n".join(s for s, _, _ in SENTENCES) + "\n"}, outlets=("alpha",))
    (root / "targets.csv").write_text(TARGETS, encoding="utf-8")
    (root / "stance_cues.csv").write_text(CUES, encoding="utf-8")
    return load_study(root)


def test_rule_stance_labels_scores_and_holders(study):
    rules = study.stance_rules.sort_values("sentence_id")
    assert list(rules["target"].unique()) == ["tramway"]
    assert list(rules["sentence_id"]) == list(range(len(SENTENCES)))  # one sentence per paragraph, as written
    for (text, label, score), row in zip(SENTENCES, rules.itertuples()):
        assert (row.label, row.score) == (label, score), text
        # the outlet's own voice holds every stance here (no quotation marks); no stance, no holder.
        assert row.holder == ("outlet" if label != "none" else ""), text


def test_the_rule_baseline_stance_profile_shares(study):
    # own voice, 9 sentences of one document: favor in 2 (s0, s3) -> 2/9; against in 4 (s1, s2, s4, s6) -> 4/9;
    # net = 2/9 - 4/9 = -2/9 (all rounded to 4 decimals).
    row = study.stance_profile.set_index(["outlet", "target", "voice"]).loc[("alpha", "tramway", "own")]
    assert (row["n_sentences"], row["favor"], row["against"]) == (9, 2, 4)
    assert row["favor_share"] == pytest.approx(2 / 9, abs=1e-4)
    assert row["against_share"] == pytest.approx(4 / 9, abs=1e-4)
    assert row["net"] == pytest.approx(-2 / 9, abs=1e-4)
