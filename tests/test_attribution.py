"""analysis.attribution: the candidates of a quotation, their features, and when the ranker may change a speaker."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import pandas as pd
from conftest import write_corpus

from analysis.attribution import FEATURES, SpeakerRanker
from analysis.pipeline import Study
from analysis.reader import load_corpus
from analysis.sourcing import Speakers, extract_quotes

TEXT = (
    "La maire de Brenois, Claire Martin, a reçu Paul Ndiaye mardi.\n\n"
    "« Nous ne fermerons pas l'école du village », a déclaré Claire Martin. "
    "« Rien n'est encore décidé pour la rentrée prochaine. »"
)


@dataclass(frozen=True)
class Recorder(SpeakerRanker):
    """A ranker that keeps what it was asked."""

    seen: list = field(default_factory=list)

    def choose(self, rows, cands):
        self.seen.append((rows, cands))
        return super().choose(rows, cands)


def _quotes(tmp_path, text: str, ranker: SpeakerRanker | None, actors: str = "") -> pd.DataFrame:
    root = write_corpus(tmp_path / "c", {"d1": text})
    if actors:
        (root / "actors.csv").write_text("actor,aliases,role,affiliation,kind\n" + actors, encoding="utf-8")
    study = Study(load_corpus(root))
    return extract_quotes(study.corpus, study.sentences, study.quote_spans, replace(Speakers.of(study.profile), ranker=ranker))


def _speaker(quotes: pd.DataFrame, words: str) -> str:
    return quotes[quotes["quote_text"].str.contains(words, regex=False)]["speaker"].iloc[0]


def test_candidates_describe_where_each_person_stands(tmp_path):
    ranker = Recorder()
    _quotes(tmp_path, TEXT, ranker)
    rows, cands = ranker.seen[0]
    table = pd.DataFrame(cands)
    first = table[table["row"] == next(i for i, r in enumerate(rows) if "Nous ne" in r["quote_text"])].set_index("candidate")
    assert sorted(first.index) == ["Claire Martin", "Paul Ndiaye", "école du village"]
    # the name right after the cue, in the quotation's sentence, is the rules' choice; the other person is one sentence
    # before, in another paragraph; the body is inside the quotation
    assert first.loc["Claire Martin", ["d0", "after_cue", "subject", "person", "in_quote"]].tolist() == [1, 1, 1, 1, 0]
    assert first.loc["Claire Martin", "rule"] and not first.loc["Paul Ndiaye", "rule"]
    assert first.loc["Paul Ndiaye", ["d0", "d1", "after_cue", "same_paragraph"]].tolist() == [0, 1, 0, 0]
    assert first.loc["école du village", ["in_quote", "person"]].tolist() == [1, 0]
    # the quotation after it has no cue: Claire Martin was quoted just before, one sentence back
    second = table[table["row"] == next(i for i, r in enumerate(rows) if "Rien" in r["quote_text"])].set_index("candidate")
    assert second.loc["Claire Martin", ["d1", "d1_nocue", "previous", "previous_nocue", "cue"]].tolist() == [1, 1, 1, 1, 0]


def test_the_ranker_overrules_a_floating_quotation_only(tmp_path):
    # a ranker that prefers a person from the paragraph before over everyone else
    contrary = SpeakerRanker({"same_paragraph": -10.0, "person": 5.0}, intercept=0.0)
    rules = _quotes(tmp_path / "a", TEXT, None)
    ranked = _quotes(tmp_path / "b", TEXT, contrary)
    assert _speaker(rules, "Nous ne") == _speaker(ranked, "Nous ne") == "Claire Martin"  # a cue names her: the rules stand
    assert _speaker(rules, "Rien n'est") == "Claire Martin"
    assert _speaker(ranked, "Rien n'est") == "Paul Ndiaye"  # no cue: the ranker's candidate
    assert ranked.loc[ranked["quote_text"].str.contains("Rien"), "speaker_type"].tolist() == ["named"]


def test_a_quotation_without_speaker_takes_a_candidate_only_above_the_threshold(tmp_path):
    text = "Paul Ndiaye est arrivé mardi.\n\nLe village attend. « Nous ne partirons pas d'ici sans réponse. »"
    assert _speaker(_quotes(tmp_path / "a", text, None), "partirons") == "unknown"
    sure = SpeakerRanker({"person": 5.0}, intercept=-1.0)  # p = 0.98 for the person
    unsure = SpeakerRanker({"person": 1.0}, intercept=-2.0)  # p = 0.27
    assert _speaker(_quotes(tmp_path / "b", text, sure), "partirons") == "Paul Ndiaye"
    assert _speaker(_quotes(tmp_path / "c", text, unsure), "partirons") == "unknown"


def test_an_actor_files_speakers_are_left_to_the_rules(tmp_path):
    actors = "Claire Martin,Martin|la maire de Brenois,maire,Brenois,person\n"
    contrary = SpeakerRanker({"same_paragraph": -10.0, "person": 5.0, "d2": 1.0}, intercept=0.0)
    assert _speaker(_quotes(tmp_path / "a", TEXT, contrary), "Rien n'est") == "Paul Ndiaye"
    assert _speaker(_quotes(tmp_path / "b", TEXT, contrary, actors), "Rien n'est") == "Claire Martin"


def test_the_shipped_weights_cover_every_feature():
    ranker = SpeakerRanker.default()
    assert sorted(ranker.weights) == sorted(FEATURES)
    # the weights say what the development sets taught: a person over a body, the quotation's paragraph, not inside a quotation
    assert ranker.weights["person"] > 0 and ranker.weights["same_paragraph"] > 0 and ranker.weights["in_quote"] < 0


def test_a_singular_definite_role_may_be_tied_to_a_name_an_indefinite_or_plural_one_never():
    """Three quotations the rules left to a role: "le porte-parole", "un élu", "des grévistes"; a sure ranker ties only the first."""
    from collections import namedtuple

    from analysis.attribution import candidates
    from analysis.speakers import Mention

    sentence = namedtuple("sentence", "sentence_id start paragraph_id")
    sents = [sentence(0, 0, 0), sentence(1, 100, 0), sentence(2, 200, 0), sentence(3, 300, 0)]
    mentions = [
        [Mention(0, 12, "Marc Olivier", "named", "", kind="person")],
        [Mention(40, 52, "porte-parole", "role", "", kind="role", definite=True)],
        [Mention(40, 43, "élu", "role", "", kind="role")],
        [Mention(40, 49, "grévistes", "role", "", kind="role", definite=True, plural=True)],
    ]

    def row(i: int, speaker: str) -> dict:
        start = 100 * i
        return {"sentence_id": i, "start": start, "end": start + 30, "kind": "direct", "cue_start": start + 32, "cue_end": start + 39,
                "speaker": speaker, "speaker_type": "role", "outlet": "alpha"}  # fmt: skip

    rows = [row(1, "porte-parole"), row(2, "élu"), row(3, "grévistes")]
    sure = SpeakerRanker({"person": 5.0}, intercept=-1.0)  # p = 0.98 for any person
    changes = sure.choose(rows, candidates(rows, sents, mentions))
    assert [(rows[number]["speaker"], c["candidate"]) for number, c in changes] == [("porte-parole", "Marc Olivier")]


def _sentences(n: int):
    from collections import namedtuple

    sentence = namedtuple("sentence", "sentence_id start paragraph_id")
    return [sentence(i, 100 * i, 0) for i in range(n)]


def _row(i: int, speaker: str, speaker_type: str, outlet: str = "alpha") -> dict:
    start = 100 * i
    return {"sentence_id": i, "start": start, "end": start + 30, "kind": "direct", "cue_start": start + 50, "cue_end": start + 60,
            "speaker": speaker, "speaker_type": speaker_type, "outlet": outlet, "speaker_role": "", "affiliation": ""}  # fmt: skip


def test_each_feature_of_a_worked_candidate_list():
    """Hand-made mentions whose every feature is known: a one-word name opening its sentence, a resolved role, the outlet."""
    from analysis.attribution import candidates
    from analysis.speakers import Mention

    mentions = [
        [Mention(0, 12, "Claire Martin", "named", "", kind="person"), Mention(20, 32, "Claire Martin", "named", "", kind="person")],
        [
            Mention(0, 4, "Paul", "named", "", kind="person", single=True, at_start=True),
            Mention(33, 41, "Anne Roy", "named", "", kind="role"),  # ends 9 characters before the cue
            Mention(62, 74, "Brenois Info", "named", "", kind="organisation"),  # 2 characters after the cue
        ],
    ]
    rows = [_row(1, "unknown", "unknown", outlet="brenois_info")]
    got = {c["candidate"]: c for c in candidates(rows, _sentences(2), mentions)}
    assert sorted(got) == ["Anne Roy", "Brenois Info", "Claire Martin", "Paul"]
    paul, anne, outlet, claire = got["Paul"], got["Anne Roy"], got["Brenois Info"], got["Claire Martin"]
    # Paul opens the sentence inside the quotation, so the sentence's first mention outside one is Anne Roy
    assert (paul["single"], paul["at_start"], paul["in_quote"], paul["subject"]) == (1, 1, 1, 0)
    assert (anne["role"], anne["before_cue"], anne["after_cue"], anne["after"], anne["subject"]) == (1, 1, 0, 1, 1)
    assert (outlet["outlet"], outlet["after_cue"], outlet["person"]) == (1, 1, 0)
    assert (claire["d1"], claire["d0"], claire["mentions"]) == (1, 0, math.log1p(2))


def test_a_role_tied_to_a_name_becomes_named_and_keeps_the_role_the_text_gave():
    from analysis.sourcing import _rerank
    from analysis.speakers import Mention

    mentions = [
        [Mention(0, 12, "Marc Olivier", "named", "", role="délégué syndical", kind="person")],
        [Mention(62, 74, "porte-parole", "role", "", kind="role", definite=True)],
    ]
    rows = [_row(1, "porte-parole", "role")]
    _rerank(rows, _sentences(2), mentions, SpeakerRanker({"person": 5.0}, intercept=-1.0))
    assert (rows[0]["speaker"], rows[0]["speaker_type"], rows[0]["speaker_role"]) == ("Marc Olivier", "named", "porte-parole")
