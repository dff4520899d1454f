"""A corpus's profile: language defaults, extend and replace, checks with file, line and field, languages."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import load_study, validate
from analysis.config import DATA_DIR
from analysis.errors import CorpusError
from analysis.language import detect_language, language_rules, shipped_languages
from analysis.profile import LEXICONS, SPECS, Profile, read_profile

FRENCH = (
    "Le conseil municipal a voté mardi la fermeture de la maternité, malgré la colère des habitants. "
    "Selon la directrice de l'hôpital, il n'y a plus assez de médecins pour assurer les gardes de nuit. "
    "Les parents ont lancé une pétition qui a déjà réuni plusieurs milliers de signatures dans la ville."
)
ENGLISH = (
    "The city council voted on Tuesday to close the maternity ward, despite the anger of residents. "
    "According to the hospital's director, there are no longer enough doctors to cover the night shifts. "
    "Parents have started a petition that has already gathered several thousand signatures in the town."
)


def _problems(path, **kwargs) -> list[str]:
    return [str(p) for p in validate(path, **kwargs)]


@pytest.mark.parametrize("code", ["fr", "en"])
def test_shipped_languages_are_complete_and_valid(code):
    problems = []
    profile = read_profile(None, code, problems)
    assert problems == [] and code in shipped_languages()
    for name in ("stopwords", "abbreviations", "boilerplate", "cues", "frame_cues", "persuasion", "anonymous_sources"):
        assert len(getattr(profile, name)) > 0, name
    assert {"loaded", "hedge", "booster", "reporting_verb"} <= set(profile.cues["cue_type"])
    assert set(profile.frame_cues["item"]) >= {f"q{i:02d}" for i in (1, 2, 3, 11, 12, 15, 18)}
    assert profile.targets.empty and profile.actors.empty and profile.events.empty  # topic files belong to a corpus
    evidential = profile.rules.conditional is not None or "evidential" in set(profile.cues["cue_type"])
    assert evidential, "each language marks reported, unconfirmed information"


def test_language_defaults_carry_nothing_of_the_study_topic():
    study = load_study(DATA_DIR).profile
    names = set(study.actors["actor"]) | {"Kiev", "Kyiv", "Russie", "Ukraine", "Poutine", "Zelensky", "OTAN", "Democrades", "russophobie"}
    for code in shipped_languages():
        profile = Profile.default(code)
        for lexicon in ("cues", "frame_cues", "persuasion", "anonymous_sources"):
            table = getattr(profile, lexicon)
            for pattern in table["pattern"]:
                compiled = re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)
                hits = [n for n in names if compiled.fullmatch(n)]
                assert not hits, (code, lexicon, pattern, hits)
        assert not set(profile.anonymous_sources["affiliation"]) - {""}, "an anonymous source's affiliation comes from the text"


def test_the_study_is_one_corpus_with_its_own_profile():
    profile = load_study(DATA_DIR).profile
    sources = profile.sources.set_index("resource")
    assert profile.language == "fr"
    assert set(profile.targets["target"]) == {
        "negotiations",
        "us_administration",
        "russia",
        "western_military_support",
        "ukraine_prospects",
    }
    assert sources.loc["cues", "mode"] == "replace" and sources.loc["cues", "corpus_file"] == "lexicons/cues.csv"
    assert sources.loc["stopwords", "default"] == "fr default" and sources.loc["targets", "corpus_file"] == "targets.csv"


def _corpus(make_corpus, text=FRENCH, language="fr", **files):
    root = make_corpus({"d1": text, "d2": text}, language=language)
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


def test_a_corpus_lexicon_extends_the_default_unless_told_to_replace(make_corpus):
    row = "cue_type,cue,pattern,connotation,note\nloaded,gabegie,gabegies?,negative,\n"
    root = _corpus(make_corpus, **{"lexicons/cues.csv": row, "lexicons/stopwords.txt": "# mine\nmaternité\n"})
    default = Profile.default("fr")
    extended = load_study(root).profile
    assert len(extended.cues) == len(default.cues) + 1 and extended.cues["cue"].iloc[-1] == "gabegie"
    assert extended.stopwords == default.stopwords | {"maternité"}
    (root / "profile.toml").write_text('language = "fr"\n[lexicons]\ncues = "replace"\nstopwords = "replace"\n', encoding="utf-8")
    replaced = load_study(root).profile
    assert list(replaced.cues["cue"]) == ["gabegie"] and replaced.stopwords == {"maternité"}
    assert replaced.sources.set_index("resource").loc["cues", "mode"] == "replace"


def test_profile_files_are_checked_with_file_line_and_field(make_corpus):
    root = _corpus(
        make_corpus,
        **{
            "targets.csv": "target,label,definition\nbad id,X,Y\nplant,Plant,The plant\nplant,Again,Twice\n",
            "stance_cues.csv": "target,role,pattern,note\nplant,topic,usine,\nplant,maybe,usine,\nghost,favor,(oops,\n",
            "events.csv": "event_id,label,cue_terms,date\nvote,Vote,vote,2025-13-45\nvote,Again,,\n",
            "relay_pairs.csv": "doc_a,doc_b\nd1,nope\n",
            "lexicons/cues.csv": "cue_type,cue,pattern,connotation,note\nloaded,x,a*,negative,\n",
            "profile.toml": 'language = "fr"\n[lexicons]\ncues = "merge"\n',
        },
    )
    msgs = "\n".join(_problems(root))
    for expected in (
        "corpus/targets.csv:2 [target]: 'bad id' is not a valid id",
        "corpus/targets.csv:4 [target]: 'plant' already defined on line 3",
        "corpus/stance_cues.csv:3 [role]: unknown role 'maybe'",
        "corpus/stance_cues.csv:4 [pattern]: invalid regular expression",
        "corpus/stance_cues.csv:4 [target]: unknown target 'ghost'",
        "corpus/events.csv:2 [date]: '2025-13-45' is not a date",
        "corpus/events.csv:3 [cue_terms]: empty 'cue_terms'",
        "corpus/events.csv:3 [event_id]: 'vote' already defined on line 2",
        "corpus/relay_pairs.csv:2 [doc_b]: unknown doc_id 'nope'",
        "corpus/lexicons/cues.csv:2 [pattern]: the pattern matches the empty string",
        "corpus/profile.toml [lexicons.cues]: unknown mode 'merge'",
    ):
        assert expected in msgs, expected
    with pytest.raises(CorpusError):
        load_study(root)


def test_a_profile_file_missing_a_column_or_not_toml_is_reported(make_corpus):
    root = _corpus(make_corpus, **{"events.csv": "event_id,label\nvote,Vote\n", "profile.toml": "language = fr\n"})
    msgs = "\n".join(_problems(root))
    assert "corpus/events.csv:1 [cue_terms]: missing field 'cue_terms'" in msgs
    assert "corpus/profile.toml:1: not valid TOML" in msgs


def test_a_corpus_without_targets_gets_no_stance_rows(make_corpus):
    study = load_study(_corpus(make_corpus))
    assert not study.profile.stance_configured
    assert study.stance.empty and study.stance_profile.empty and list(study.stance_profile.columns)[:3] == ["outlet", "target", "voice"]


def test_targets_without_cues_are_refused(make_corpus):
    root = _corpus(make_corpus, **{"targets.csv": "target,label,definition\nplant,Plant,The plant\n"})
    assert any("targets without stance cues" in m for m in _problems(root))


def test_detection_tells_french_from_english():
    assert detect_language(FRENCH)[0] == "fr" and detect_language(ENGLISH)[0] == "en"


def test_a_text_in_another_language_than_declared_fails_validate_naming_it(make_corpus):
    root = make_corpus({"d1": FRENCH, "d2": ENGLISH}, language="fr")
    (msg,) = _problems(root)
    assert "metadata.csv:3 [language]: d2: the text reads as 'en'" in msg and "not 'fr'" in msg


def test_a_french_corpus_declared_english_fails_validate(make_corpus):
    root = make_corpus({"d1": FRENCH, "d2": FRENCH}, language="en")
    msgs = _problems(root)
    assert len(msgs) == 2 and all("reads as 'fr'" in m and "not 'en'" in m for m in msgs)


def test_a_mixed_corpus_is_refused_with_the_languages_and_documents(make_corpus):
    meta = [
        {"doc_id": "d1", "outlet": "alpha", "path": "raw/d1.txt", "language": "fr"},
        {"doc_id": "d2", "outlet": "beta", "path": "raw/d2.txt", "language": "en"},
    ]
    root = make_corpus({"d1": FRENCH, "d2": ENGLISH}, meta=meta)
    (msg,) = _problems(root)
    assert "the documents are in 2 languages (en: 1 (d2); fr: 1 (d1))" in msg and "one corpus per language" in msg


def test_the_language_comes_from_profile_toml_or_the_texts(make_corpus):
    root = make_corpus({"d1": ENGLISH, "d2": ENGLISH}, language=None)
    assert load_study(root).profile.language == "en"  # detected
    (root / "profile.toml").write_text('language = "en"\n', encoding="utf-8")
    assert load_study(root).profile.language == "en"
    documents = load_study(root).documents
    assert set(documents["language"]) == {"en"}  # written in the documents table


def test_profile_toml_and_metadata_must_agree(make_corpus):
    root = _corpus(make_corpus, **{"profile.toml": 'language = "en"\n'})
    assert any("profile.toml says 'en' but the metadata says 'fr'" in m for m in _problems(root))


def test_a_language_without_defaults_is_refused_or_run_lexical_only(make_corpus):
    german = "Der Stadtrat hat am Dienstag die Schließung der Geburtsstation beschlossen, trotz der Wut der Einwohner. " * 3
    root = make_corpus({"d1": german, "d2": german}, language="de")
    (msg,) = _problems(root)
    assert "no defaults for language 'de' (shipped: en, fr)" in msg and "--lexical-only" in msg
    assert _problems(root, lexical_only=True) == []
    study = load_study(root, lexical_only=True)
    assert study.profile.lexical_only and "der" in study.profile.stopwords  # the shipped German stopword list
    assert study.quotes.query("kind != 'direct'").empty and study.cues.empty and study.frame_items.empty
    assert len(study.term_frequencies) and "der" not in set(study.term_frequencies["term"])


def test_every_lexicon_and_topic_file_has_a_spec():
    assert set(LEXICONS) == {
        "stopwords",
        "abbreviations",
        "boilerplate",
        "cues",
        "naming",
        "frame_cues",
        "persuasion",
        "anonymous_sources",
        "roles",
    }
    assert set(SPECS) - set(LEXICONS) == {"targets", "stance_cues", "actors", "events", "relay_pairs"}
    assert language_rules("fr").conditional is not None and language_rules("en").conditional is None


def test_notebook_and_tests_can_pass_their_own_resources(make_corpus):
    from analysis.pipeline import Study

    study = load_study(_corpus(make_corpus))
    targets = pd.DataFrame({"target": ["ward"], "label": ["Ward"], "definition": ["The maternity ward"]})
    cues = pd.DataFrame({"target": ["ward", "ward"], "role": ["topic", "against"], "pattern": ["maternité", "fermeture"], "note": ""})
    mine = Study(study.corpus, study.profile.replace(targets=targets, stance_cues=cues))
    rules = mine.stance_rules
    assert set(rules["target"]) == {"ward"} and (rules["label"] == "against").any()
