"""Paragraphs, sentences, voice layers and quote spans, case by case and on the real corpus."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.corpus import LAYERS
from analysis.profile import Profile
from analysis.segments import continues, paragraphs, quote_spans, split_sentences, voice_segments
from analysis.tokens import TOKEN_PATTERN, tokenize

FR = Profile.default("fr")
EN = Profile.default("en")
NO_ANCHORS = pd.DataFrame(columns=["start", "layer", "source"])


def sentences_of(text: str, profile: Profile = FR) -> list[str]:
    out = []
    for a, b in paragraphs(text, profile.abbreviations):
        out += [text[s:e] for s, e in split_sentences(text, a, b, profile.abbreviations)]
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mr. Reyes spoke. Dr. Okafor left.", ["Mr. Reyes spoke.", "Dr. Okafor left."]),
        ("The U.S. Senate voted. It passed.", ["The U.S. Senate voted.", "It passed."]),
        ("Ms. Whitfield said: “We act.” Then she left.", ["Ms. Whitfield said: “We act.”", "Then she left."]),
    ],
)
def test_english_sentences(text, expected):
    assert sentences_of(text, EN) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("M. Milley a parlé. Il est parti.", ["M. Milley a parlé.", "Il est parti."]),
        ("Mme Dupont et St Pierre. Fin.", ["Mme Dupont et St Pierre.", "Fin."]),
        ("Selon Mme. Durand, rien. Fin.", ["Selon Mme. Durand, rien.", "Fin."]),
        ("Ils achètent 100 000 obus. Puis 43 000 hommes.", ["Ils achètent 100 000 obus.", "Puis 43 000 hommes."]),
        ("Il a dit : « Milley avait raison. » Puis il est parti.", ["Il a dit : « Milley avait raison. »", "Puis il est parti."]),
        ("Il a dit : “C’est fini.” Ensuite rien.", ["Il a dit : “C’est fini.”", "Ensuite rien."]),
        (
            "Sa position est claire. « Quand il faut, saisissez-la », a-t-il dit.",
            ["Sa position est claire.", "« Quand il faut, saisissez-la », a-t-il dit."],
        ),
        (
            "Les prix des denrées alimentaires. (…) Lorsque M. Poutine parle.",
            ["Les prix des denrées alimentaires. (…)", "Lorsque M. Poutine parle."],
        ),
        ("Un effort pour les pourparlers. sur l’Ukraine. Fin.", ["Un effort pour les pourparlers. sur l’Ukraine.", "Fin."]),
        ("William J. Burns a rencontré son homologue. Fin.", ["William J. Burns a rencontré son homologue.", "Fin."]),
    ],
)
def test_sentences(text, expected):
    assert sentences_of(text) == expected


def test_line_broken_after_abbreviation_stays_one_sentence():
    # WSJ relay: "ont déclaré que M.\nSullivan est connu ..."
    text = "Plusieurs responsables ont déclaré que M.\nSullivan est connu pour cela.\nUne autre phrase."
    assert sentences_of(text) == ["Plusieurs responsables ont déclaré que M.\nSullivan est connu pour cela.", "Une autre phrase."]


def test_blank_lines_inside_a_sentence_are_joined():
    # Moon of Alabama relay: blank lines where links were removed.
    text = "Le 30 septembre, Poutine a  \n\nappelé  Kiev à négocier. Deux jours plus tard, Peskov \n\n, a déclaré qu’il était ouvert.\n\nAutre paragraphe."
    assert sentences_of(text) == [
        "Le 30 septembre, Poutine a  \n\nappelé  Kiev à négocier.",
        "Deux jours plus tard, Peskov \n\n, a déclaré qu’il était ouvert.",
        "Autre paragraphe.",
    ]
    assert len(paragraphs(text, FR.abbreviations)) == 2


def test_headline_without_period_is_its_own_paragraph():
    text = "Un titre sans point\nLe texte commence ici.\nvoici ce que je pense.\n\nje continue."
    assert [text[a:b] for a, b in paragraphs(text, FR.abbreviations)] == [
        "Un titre sans point",
        "Le texte commence ici.",
        "voici ce que je pense.",
        "je continue.",
    ]


@pytest.mark.parametrize(
    ("previous", "following", "expected"),
    [
        ("Poutine a", "appelé Kiev", True),
        ("ont déclaré que M.", "Sullivan est", True),
        ("avant l’hiver", ".", True),
        ("Fin de phrase.", "début", False),
        ("par la Russie :", "au cours", False),
        ("Un titre", "Le texte", False),
    ],
)
def test_continues(previous, following, expected):
    assert continues(previous, following, frozenset({"m", "mme"})) is expected


def test_numbers_with_spaces_are_one_token():
    assert tokenize("100 000 cartouches et 43\u00a0000 hommes, 1,5 %") == ["100 000", "cartouches", "et", "43\u00a0000", "hommes", "1,5"]


def test_quote_spans_kinds():
    text = 'Il dit « un » et “deux » puis "trois" et « quatre jamais fermé. Autre phrase.'
    sents = [(0, 63), (64, len(text))]
    spans = quote_spans(text, sents, [(0, len(text))])
    got = [(text[q["start"] : q["end"]], q["status"]) for q in spans]
    assert got == [("« un »", "closed"), ("“deux »", "mismatched_marks"), ('"trois"', "closed"), ("« quatre jamais fermé.", "unclosed")]


def test_reversed_opening_mark():
    text = "disant qu' »il souhaite un dialogue. Fin."
    (q,) = quote_spans(text, [(0, 36), (37, 41)], [(0, len(text))])
    assert q["status"] == "reversed_open" and text[q["start"] : q["end"]] == "»il souhaite un dialogue."


def test_voice_segments_partition_with_rules_and_anchors():
    text = "Intro du blog.\nLe rapport dit ceci.\nSource link\n\nLeave a Comment\n\nYour email address will not be published. Required."
    anchors = pd.DataFrame(
        [
            {"start": 0, "layer": "relay_commentary", "source": ""},
            {"start": text.index("Le rapport"), "layer": "original_outlet", "source": ""},
        ]
    )
    segs = voice_segments(text, anchors, FR.boilerplate)
    assert segs[0].start == 0 and segs[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(segs, segs[1:]))
    assert [s.layer for s in segs] == ["relay_commentary", "original_outlet", "boilerplate"]


def test_every_character_belongs_to_exactly_one_segment(study):
    segs = study.segments
    for doc in study.corpus.documents.itertuples():
        g = segs[segs["doc_id"] == doc.doc_id].sort_values("start")
        assert g["start"].iloc[0] == 0 and g["end"].iloc[-1] == len(doc.text)
        assert (g["start"].iloc[1:].to_numpy() == g["end"].iloc[:-1].to_numpy()).all()
        assert g["n_chars"].sum() == len(doc.text)


def test_sentences_lie_inside_their_segment_and_paragraph(study):
    s, g = study.sentences, study.segments
    m = s.merge(g[["doc_id", "segment_id", "start", "end", "layer"]], on=["doc_id", "segment_id"], suffixes=("", "_seg"))
    assert ((m["start"] >= m["start_seg"]) & (m["end"] <= m["end_seg"])).all()
    assert (m["layer"].astype(str) == m["layer_seg"]).all()
    texts = study.corpus.documents.set_index("doc_id")["text"]
    raw = [texts[d][a:b] for d, a, b in zip(s["doc_id"], s["start"], s["end"])]
    assert [" ".join(r.split()) for r in raw] == list(s["text"])


def test_real_corpus_layers(study):
    s = study.sentences
    assert set(s["layer"].astype(str)) == set(LAYERS)
    wsj = study.segments.query("doc_id == 'wsj_relay_2022-11-07' and layer == 'reader_comment'")
    assert len(wsj) == 11  # each comment its own unit
    moa_blocks = study.segments.query("doc_id == 'moa_relay_2022-11-14' and layer == 'quoted_block'")
    assert {"Kommersant", "The Wall Street Journal", "unnamed"} == set(moa_blocks["source"])
    cnn_tail = s[s["doc_id"] == "cnn_relay_2022-11-11"].tail(4)
    assert (cnn_tail["layer"] == "boilerplate").all()
    moa = s[s["doc_id"] == "moa_relay_2022-11-14"]
    joined = moa[moa["text"].str.startswith("Le 30 septembre, Poutine a")]
    assert joined["text"].iloc[0].startswith("Le 30 septembre, Poutine a appelé Kiev")


def test_wsj_sentence_broken_after_m_is_one_sentence(study):
    s = study.sentences
    hit = s[s["text"].str.startswith("Plusieurs responsables américains ont déclaré que M. Sullivan est connu")]
    assert len(hit) == 1


@pytest.mark.parametrize("corpus_path", ["data", "tests/fixtures/strike_corpus"])
def test_segmenting_in_batches_of_documents_gives_the_same_tables(corpus_path, monkeypatch):
    from analysis import segments
    from analysis.reader import load_corpus

    corpus = load_corpus(corpus_path)
    boilerplate, abbreviations = corpus.profile.boilerplate, corpus.profile.abbreviations
    whole = segments.segment_corpus(corpus, boilerplate, abbreviations)  # one batch
    texts = dict(zip(corpus.documents["doc_id"], corpus.documents["text"]))
    for name, frame in whole.items():  # units keep their exact words, but paragraphs (their offsets suffice)
        assert ("text" in frame) == (name in segments.TEXT_UNITS)
        if name in segments.TEXT_UNITS:
            assert [texts[d][a:b] for d, a, b in zip(frame["doc_id"], frame["start"], frame["end"])] == frame["text"].tolist()
    for size in (1, 2):
        monkeypatch.setattr(segments, "SEGMENT_BATCH", size)
        batched = segments.segment_corpus(corpus, boilerplate, abbreviations)
        for name, frame in whole.items():
            pd.testing.assert_frame_equal(batched[name], frame)


def test_text_columns_in_blocks_give_the_same_columns(study, monkeypatch):
    from analysis import kernels, pipeline

    texts = study.units["sentences"]["text"]
    whole = (
        kernels.count_tokens(texts),
        kernels.normalise_space(texts),
        pipeline._quoted_chars(study.units["sentences"], study.units["quote_spans"]),
    )
    monkeypatch.setattr(kernels, "TEXT_BLOCK", 7)
    blocks = (
        kernels.count_tokens(texts),
        kernels.normalise_space(texts),
        pipeline._quoted_chars(study.units["sentences"], study.units["quote_spans"]),
    )
    assert len(texts) > 7
    for a, b in zip(whole, blocks):
        pd.testing.assert_series_equal(b, a)


def test_token_counts_and_spaces_by_arrow_equal_pandas_on_every_code_point():
    """The Arrow road of count_tokens and normalise_space gives what pandas' (Python's ``re``) gives."""
    import re

    from analysis.scale.arrow import arrow_strings, count_tokens, normalise_space

    points = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    texts = ["".join(f"a{c}1 {c}x-{c} " for c in points[i : i + 4096]) for i in range(0, len(points), 4096)]
    texts += ["", " ", "\u00a0\u2003 \n", "  Les  États-Unis\u202f:\n100 000 obus\t", "\x1c\x1d\x1e\x1f\x85 x \x0b"]
    arrow, python = pd.Series(texts, dtype="str"), pd.Series(texts, dtype=object)
    assert arrow_strings(arrow) is not None and arrow_strings(python) is None
    assert count_tokens(arrow).tolist() == count_tokens(python).tolist() == [len(re.findall(TOKEN_PATTERN, t)) for t in texts]
    spaced = normalise_space(arrow)
    assert spaced.dtype == arrow.dtype and spaced.tolist() == normalise_space(python).tolist()
    assert spaced.tolist() == [re.sub(r"\s+", " ", t).strip() for t in texts]


@pytest.mark.parametrize(
    "language, text, furniture, comments",
    [
        (
            "fr",
            "PORT-GARANCE, 7 janvier 2026 (ALP) - Le chantier a repris.\n\nLire aussi : Le port en chiffres\n\n"
            "Le maire a salué la reprise.\n\nALP - fb/cm\n\nCommentaires\n\nSabine R. — Enfin une bonne nouvelle.\n",
            ["PORT-GARANCE, 7 janvier 2026 (ALP) -", "Lire aussi : Le port en chiffres", "ALP - fb/cm", "Commentaires"],
            ["Sabine R. — Enfin une bonne nouvelle."],
        ),
        (
            "en",
            "HALVERN, Jan. 6 (Bayline) — The plant will close.\n\nRead more: Plant timeline\n\nBy Staff\n\n"
            "Workers were told on Monday.\n\n2 Comments\n\nJoe — Sad day.\n",
            ["HALVERN, Jan. 6 (Bayline) —", "Read more: Plant timeline", "By Staff", "2 Comments"],
            ["Joe — Sad day."],
        ),
    ],
)
def test_site_furniture_that_slips_into_the_own_voice_is_caught(tmp_path, language, text, furniture, comments):
    """Issue 21: "Lire aussi", datelines and agency credits counted as the outlet's words ("lire" stayed in 97 % of resamples)."""
    from conftest import write_corpus

    from analysis.pipeline import Study
    from analysis.reader import load_corpus

    study = Study(load_corpus(write_corpus(tmp_path / "c", {"a": text}, language=language)))
    s = study.sentences
    assert sorted(s.loc[s["layer"] == "boilerplate", "text"].str.strip()) == sorted(furniture)
    assert " ".join(s.loc[s["layer"] == "reader_comment", "text"].str.strip()) == " ".join(comments)
    own = " ".join(s.loc[s["layer"] == "original_outlet", "text"]).lower()
    assert "lire" not in own and "read more" not in own and "alp" not in own and "bayline" not in own
