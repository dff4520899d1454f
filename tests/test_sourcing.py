"""Quote extraction and speaker attribution on tiny texts written for the test."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import load_study
from analysis.config import DATA_DIR
from analysis.sourcing import Speakers, evaluate_quotes, find_mentions, overlap

TEXT = (
    "Le général Mark Milley a déclaré : « Quand il y a une opportunité de négocier, saisissez-la. » "
    "« Saisissez cette opportunité maintenant. »\n\n"
    "« Nous avons peut-être raté une fenêtre », un responsable américain a déclaré vendredi à Politico.\n\n"
    "Jake Sullivan a déclaré que les canaux de communication restent ouverts avec Moscou. "
    "Le résultat, ont déclaré des responsables, est un débat croissant au sein de l’administration.\n\n"
    "Selon les médias, Sullivan s’est entretenu avec Nikolai Patrushev. "
    "Ned Price n’a pas dit si le département d’État était d’accord. "
    "« Il appartient à Moscou de démontrer sa bonne foi », a-t-il ajouté.\n\n"
    "Le blog parle de « l’Occident » et des « démocrates ».\n\n"
    "« Une phrase sans auteur connu dans ce texte. »"
)


ACTORS = """actor,aliases,role,affiliation,kind
Mark Milley,Milley|général Milley,Chairman of the Joint Chiefs of Staff,US military,person
Jake Sullivan,Sullivan,US National Security Advisor,US administration,person
Ned Price,Price,State Department spokesperson,US administration,person
Nikolai Patrushev,Patrushev,Secretary of Russia's Security Council,Russian government,person
"""


@pytest.fixture(scope="module")
def quotes(tmp_path_factory):
    from conftest import write_corpus

    root = write_corpus(tmp_path_factory.mktemp("q") / "c", {"d1": TEXT}, outlets=("alpha",))
    (root / "actors.csv").write_text(ACTORS, encoding="utf-8")  # the corpus's own actors: the study's are not read
    study = load_study(root)
    q = study.quotes
    q["words"] = [study.corpus.text(d)[a:b] for d, a, b in zip(q["doc_id"], q["start"], q["end"])]
    return q


def _find(quotes, text):
    hit = quotes[quotes["words"].str.contains(text, regex=False)]
    assert len(hit), f"no quote with {text!r}"
    return hit.iloc[0]


def test_direct_quote_after_named_speaker(quotes):
    q = _find(quotes, "Quand il y a une opportunité")
    assert (q["kind"], q["speaker"], q["speaker_type"], q["affiliation"]) == ("direct", "Mark Milley", "named", "US military")
    assert q["words"].startswith("«") and q["words"].endswith("»")


def test_floating_quote_goes_to_previous_speaker_in_paragraph(quotes):
    assert _find(quotes, "Saisissez cette opportunité maintenant")["speaker"] == "Mark Milley"


def test_floating_quote_continues_the_last_voice_nearby(quotes):
    """Two sentences after Ned Price's quotation, nobody else quoted: his (a quotation far from any speaker: see test_speakers)."""
    assert _find(quotes, "Une phrase sans auteur")["speaker"] == "Ned Price"


def test_addressee_is_not_the_speaker(quotes):
    q = _find(quotes, "raté une fenêtre")
    assert (q["speaker"], q["speaker_type"]) == ("anonymous official", "anonymous")  # the French default (no topic label)


def test_indirect_with_que_and_inverted_clause(quotes):
    q = _find(quotes, "les canaux de communication restent ouverts")
    assert (q["kind"], q["speaker"], q["verb"]) == ("indirect", "Jake Sullivan", "déclaré")
    inv = _find(quotes, "Le résultat")
    assert (inv["kind"], inv["speaker"]) == ("indirect", "anonymous officials")
    assert inv["words"].endswith("au sein de l’administration")


def test_selon_and_negated_verb(quotes):
    q = _find(quotes, "Sullivan s’est entretenu")
    assert (q["kind"], q["speaker"]) == ("selon", "media reports")
    assert not quotes["words"].str.contains("le département d’État était d’accord", regex=False).any()


def test_pronoun_resolves_to_the_last_speaker(quotes):
    assert _find(quotes, "Il appartient à Moscou")["speaker"] == "Ned Price"


def test_scare_quotes_are_not_speech(quotes):
    assert not quotes["words"].str.contains("l’Occident", regex=False).any()


def test_mentions_use_actor_aliases():
    speakers = Speakers.of(load_study(DATA_DIR).profile)
    names = {m.speaker for m in find_mentions("Anthony Blinken et M. Narychkine ont parlé, selon des sources anonymes.", speakers)}
    assert {"Antony Blinken", "Sergei Naryshkin", "anonymous sources"} <= names


def test_evaluation_counts_matches_at_threshold():
    gold = pd.DataFrame(
        {
            "doc_id": ["d"] * 2,
            "start": [0, 100],
            "end": [50, 150],
            "kind": "direct",
            "speaker": ["A", "B"],
            "verb": "",
            "cue_start": -1,
            "cue_end": -1,
        }
    )
    pred = pd.DataFrame(
        {
            "doc_id": ["d"] * 3,
            "start": [10, 100, 300],
            "end": [50, 120, 320],
            "kind": "direct",
            "speaker": ["A", "C", "D"],
            "verb": "",
            "cue_start": -1,
            "cue_end": -1,
        }
    )
    assert overlap((0, 50), (10, 50)) == pytest.approx(0.8)
    s = evaluate_quotes(pred, gold, 0.3)["scores"].set_index("doc_id").loc["all"]
    assert (s["matched"], s["precision"], s["recall"]) == (2, round(2 / 3, 3), 1.0)
    assert s["speaker_accuracy"] == 0.5
    s8 = evaluate_quotes(pred, gold, 0.8)["scores"].set_index("doc_id").loc["all"]
    assert s8["matched"] == 1


def test_real_corpus_quotes_keep_offsets(study):
    q = study.quotes
    assert {"direct", "indirect", "selon"} == set(q["kind"])
    assert set(q["speaker_type"]) <= {"named", "anonymous", "unknown"}
    texts = study.corpus.documents.set_index("doc_id")["text"]
    for row in q.itertuples():
        assert " ".join(texts[row.doc_id][row.start : row.end].split()) == row.quote_text
