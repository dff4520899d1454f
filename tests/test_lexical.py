"""Term counts, stems, concordance, diversity, outlet map, cues, naming and the featurizer contract."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline, make_union

from analysis.concordance import kwic, query_pattern
from analysis.cues import conditional_spans
from analysis.diversity import mattr
from analysis.features import CueFeatures, TermCounts
from analysis.outlet_map import correspondence_analysis
from analysis.profile import Profile
from analysis.terms import stem, term_counts

FR = Profile.default("fr")
STOP = FR.stopwords
TEXTS = ["Les négociations de paix avancent.", "Il faut négocier la paix maintenant.", "Armer l’Ukraine : 100 000 obus."]


def test_stems_group_word_forms():
    assert stem("négociations", "french") == stem("négocier", "french") == stem("négociation", "french")
    tc = TermCounts(unit="stem", stop_words=STOP, stemmer="french").fit(TEXTS)
    names = list(tc.get_feature_names_out())
    x = tc.transform(TEXTS).toarray()
    assert x[:, names.index(stem("négocier", "french"))].tolist() == [1, 1, 0]


def test_english_stems_and_stopwords():
    en = Profile.default("en")
    texts = ["The talks were negotiated.", "They negotiate the talks again."]
    tc = TermCounts(unit="stem", stop_words=en.stopwords, stemmer=en.rules.stemmer).fit(texts)
    names = list(tc.get_feature_names_out())
    assert "the" not in names and "were" not in names and "they" not in names
    assert tc.transform(texts).toarray()[:, names.index(stem("negotiated", "english"))].tolist() == [1, 1]


def test_ngrams_and_numbers():
    tc = TermCounts(ngram_range=(1, 2), stop_words=STOP).fit(TEXTS)
    names = set(tc.get_feature_names_out())
    assert "100 000" in names and "négociations paix" in names


def test_term_counts_rates_per_1000():
    s = pd.DataFrame({"outlet": ["a", "a", "b"], "layer": "original_outlet", "text": TEXTS, "n_tokens": [5, 6, 5]})
    tc = term_counts(s, STOP)
    row = tc[(tc["outlet"] == "a") & (tc["term"] == "paix")].iloc[0]
    assert row["count"] == 2 and row["per_1000"] == pytest.approx(1000 * 2 / 11, abs=1e-3)


def _same_params(a: dict, b: dict) -> bool:
    """Parameter dicts are equal (a lexicon parameter is a data frame: compared by value)."""
    same = lambda x, y: x.equals(y) if isinstance(x, pd.DataFrame) else x == y  # noqa: E731
    return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)


@pytest.mark.parametrize(
    "estimator",
    [
        TermCounts(stop_words=STOP),
        TermCounts(unit="stem", stop_words=STOP, stemmer="french"),
        TermCounts(ngram_range=(1, 2)),
        CueFeatures(FR.cues, FR.rules),
    ],
)
def test_featurizer_contract(estimator):
    params = estimator.get_params()
    twin = clone(estimator)
    assert _same_params(twin.get_params(), params) and twin is not estimator
    assert twin.set_params(**params) is twin
    assert estimator.fit(TEXTS) is estimator
    out = estimator.transform(TEXTS)
    assert out.shape == (len(TEXTS), len(estimator.get_feature_names_out()))
    assert not hasattr(clone(estimator), "vectorizer_") and not hasattr(clone(estimator), "categories_")


def test_featurizers_compose_in_a_pipeline():
    pipe = make_pipeline(make_union(TermCounts(stop_words=STOP), CueFeatures(FR.cues, FR.rules)), LogisticRegression(max_iter=200))
    pipe.fit(TEXTS * 2, [1, 1, 0, 1, 1, 0])
    assert pipe.predict(["La paix par la négociation."]).shape == (1,)


def test_cue_features_count_cues():
    cf = CueFeatures(FR.cues, FR.rules, per=0).fit([])
    names = list(cf.get_feature_names_out())
    x = cf.transform(["Il ment et prétend le contraire, selon lui la Russie aurait menacé."])
    assert x[0, names.index("cue_conditional")] == 1
    assert x[0, names.index("cue_reporting_verb:discrediting")] >= 1


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Ses commentaires auraient provoqué la colère de Kiev.", ["auraient provoqué"]),
        ("Selon Kommersant, Naryshkin serait à Ankara.", ["serait"]),
        ("Elle aurait dû tenir compte des appels.", []),
        ("Milley a déclaré qu’une victoire serait probablement irréalisable.", []),
        ("Si la Russie attaquait, l’OTAN aurait réagi.", []),
        ("Un cessez-le-feu permettrait de reprendre des forces.", []),
        ("Selon lui, la Russie pourrait utiliser des armes.", []),
        ("Selon Kommersant, le retrait se préparait depuis des semaines.", []),
        ("Selon la presse, Biden aimerait négocier.", []),
        ("Alors que Kiev avance, Burns aurait rencontré Narychkine.", ["aurait rencontré"]),
        ("Il aurait pu négocier plus tôt.", []),
        ("D’après Kommersant, Burns se serait rendu à Ankara.", ["serait rendu"]),
        ("Au cas où la Russie attaquerait, selon lui, l’OTAN réagirait.", []),
    ],
)
def test_journalistic_conditional(sentence, expected):
    assert [sentence[a:b] for a, b in conditional_spans(sentence, FR.rules)] == expected


def test_english_has_no_conditional_rule_but_evidential_cues():
    en = Profile.default("en")
    assert conditional_spans("The minister would resign, according to reports.", en.rules) == []
    assert "evidential" in set(en.cues["cue_type"]) and en.rules.always_report == ("evidential",)


def test_mattr_known_values():
    assert mattr("a b a c a b d".split(), window=3) == pytest.approx((2 / 3 + 1 + 2 / 3 + 1 + 1) / 5)
    assert mattr(["a"] * 10, window=5) == pytest.approx(0.2)
    assert mattr("a b c".split(), window=50) == pytest.approx(1.0)


def test_correspondence_analysis_reconstructs_chi2_inertia():
    table = pd.DataFrame([[10, 2, 3], [2, 8, 1], [1, 1, 9]], index=list("xyz"), columns=list("pqr"))
    ca = correspondence_analysis(table)
    n = table.to_numpy(float)
    expected = np.outer(n.sum(1), n.sum(0)) / n.sum()
    chi2 = ((n - expected) ** 2 / expected).sum()
    assert ca["inertia"]["eigenvalue"].sum() == pytest.approx(chi2 / n.sum())
    assert ca["rows"].loc["x", "dim1"] * ca["columns"].loc["p", "dim1"] > 0  # x goes with p


def test_query_patterns():
    assert query_pattern("négoci*").findall("Négociations, négocier, renégocier") == ["Négociations", "négocier"]
    assert query_pattern("paix", "term").findall("paix, paixs, la paix") == ["paix", "paix"]
    pattern = query_pattern("négocier", "stem", ["négociations", "négociation", "nègres"], "french")
    assert pattern.findall("négociation et négociations, nègres") == ["négociation", "négociations"]


def test_kwic_on_corpus_has_offsets(study):
    lines = kwic(study.corpus, study.sentences, "pourparlers", kind="term", window=3)
    assert len(lines) > 5
    for row in lines.itertuples():
        assert study.corpus.text(row.doc_id)[row.start : row.end].lower() == "pourparlers"
    assert set(lines["layer"]) <= {"relay_commentary", "original_outlet", "quoted_block", "reader_comment"}


def test_bad_lexicon_rows_are_reported_with_line_numbers(tmp_path):
    from analysis.errors import Problem
    from analysis.profile import SPECS, read_table

    bad = tmp_path / "cues.csv"
    bad.write_text(
        "cue_type,cue,pattern,connotation,note\nloaded,x,(unclosed,negative,\nhedge,y,a*,,\nreporting_verb,z,dit,sarcastic,\n",
        encoding="utf-8",
    )
    problems: list[Problem] = []
    read_table(bad, SPECS["cues"], "lexicons/cues.csv", problems)
    text = "\n".join(map(str, problems))
    assert "lexicons/cues.csv:2 [pattern]: invalid regular expression" in text
    assert "lexicons/cues.csv:3 [pattern]: the pattern matches the empty string" in text
    assert "lexicons/cues.csv:4 [connotation]" in text


def test_shipped_lexicons_load_and_fire_on_the_corpus(study):
    cues = study.cues
    assert {"loaded", "hedge", "booster", "reporting_verb", "conditional"} <= set(cues["cue_type"])
    texts = study.corpus.documents.set_index("doc_id")["text"]
    for row in cues.sample(n=20, random_state=0).itertuples():
        assert texts[row.doc_id][row.start : row.end].strip()
    naming = study.naming
    kyiv = naming[naming["referent"].str.startswith("Kyiv")].groupby("variant")["count"].sum()
    assert kyiv.get("Kiev", 0) > 0 and kyiv.get("Kyiv", 0) > 0


def test_group_counts_of_parts_add_up_to_the_whole(study):
    from analysis.terms import GroupCounts

    s = study.sentences
    docs = sorted(s["doc_id"].unique())
    parts = [
        GroupCounts.from_sentences(s[s["doc_id"].isin(docs[:2])], STOP),
        GroupCounts.from_sentences(s[s["doc_id"].isin(docs[2:])], STOP),
    ]
    whole, added = GroupCounts.from_sentences(s, STOP), GroupCounts.combine(parts)
    assert list(added.groups) == list(whole.groups) and list(added.terms) == list(whole.terms)
    assert (added.counts != whole.counts).nnz == 0 and (added.tokens == whole.tokens).all()
    assert set(parts[0].terms) != set(whole.terms)  # the parts really have different vocabularies


def test_group_counts_of_stopwords_only_are_empty():
    from analysis.terms import GroupCounts

    s = pd.DataFrame({"doc_id": ["a"], "outlet": ["x"], "layer": ["relay_commentary"], "text": ["de la et le"], "n_tokens": [4]})
    counts = GroupCounts.from_sentences(s, STOP)
    assert counts.counts.shape == (1, 0) and list(counts.tokens) == [4]
    assert GroupCounts.combine([counts, counts]).tokens.tolist() == [8]


@pytest.mark.parametrize("n", [0, 3, 49, 50, 51, 400])
def test_mattr_fed_in_pieces_equals_mattr_of_the_whole(n):
    from analysis.diversity import MattrAccumulator, mattr

    rng = np.random.default_rng(n)
    tokens = [f"w{i}" for i in rng.integers(0, 40, size=n)]
    acc = MattrAccumulator(50)
    for a, b in [(0, n // 3), (n // 3, n // 3 + 7), (n // 3 + 7, n)]:
        acc.add(tokens[a:b])
    whole = mattr(tokens, 50)
    assert (np.isnan(whole) and np.isnan(acc.value())) or acc.value() == whole


@pytest.mark.parametrize("stop_words", [True, False])
@pytest.mark.parametrize("block_chars", [1, 300, 4_000_000])
@pytest.mark.parametrize("kind", ["list", "arrow", "arrow with a missing text", "object"])
@pytest.mark.parametrize("tokeniser", ["python", "arrow"])
def test_unigram_matrix_equals_the_vectoriser(study, stop_words, block_chars, kind, tokeniser, monkeypatch):
    from analysis.scale import arrow as terms
    from analysis.scale.arrow import _arrow_texts, unigram_matrix
    from analysis.terms import TermCounts

    monkeypatch.setattr(terms, "ARROW_TOKENS_ABOVE", 0 if tokeniser == "arrow" else 10**12)  # every block by RE2, or none

    texts = [*study.raw_sentences["text"], "", "ΟΔΟΣ ΣΑΣ Σ İstanbul 100 000 obus à l’Ukraine", "de la et le", "Contre-Offensive\n100\n000"]
    texts += ["ΤΕΛΟΣ", "ΑΡΧΗ ΣΑ", "ΚΑΣ"]  # a final sigma at the end of a text, before the next one
    texts += ["12 345,5 _x_ 3e a- -b 2² Ⅻ"]  # numbers with groups, underscores, a digit before letters, lone hyphens
    texts += [
        "paix\x1eguerre",
        "a\u0301b ١٢٣ x\u200by",
    ]  # the Arrow road's marker (that block goes by Python); marks, digits, a format char
    given = {
        "list": texts,
        "arrow": pd.Series(texts, dtype="str"),  # joined by Arrow, a block at a time
        "arrow with a missing text": pd.Series([*texts, None], dtype="str"),  # read as Python strings ("nan", as the vectoriser)
        "object": pd.Series(texts, dtype=object),
    }[kind]
    assert (_arrow_texts(given) is not None) is (kind == "arrow")
    texts = [str(t) for t in given]
    x, words = unigram_matrix(given, STOP if stop_words else None, block_chars=block_chars)
    model = TermCounts(stop_words=STOP if stop_words else None)
    expected = model.fit_transform(texts)
    assert list(words) == list(model.get_feature_names_out())
    assert x.shape == expected.shape and x.dtype == expected.dtype and (x != expected).nnz == 0
    assert "obus" in words and ("de" in words) is not stop_words


def test_unigram_matrix_declines_texts_holding_its_separator():
    from analysis.scale.arrow import _SEPARATOR, unigram_matrix
    from analysis.terms import term_matrix

    texts = [f"paix{_SEPARATOR}guerre", "paix"]
    assert unigram_matrix(texts) is None
    x, words = term_matrix(texts, STOP)  # falls back on the vectoriser
    assert list(words) == ["guerre", "paix"] and x.toarray().tolist() == [[1, 1], [0, 1]]


def test_stemmed_group_counts_equal_counting_stems(study):
    from analysis.terms import GroupCounts, TermCounts, select_layers

    own = select_layers(study.sentences)
    model = TermCounts(unit="stem", stop_words=STOP, stemmer="french")  # the vectoriser's road, not the study's
    stems = GroupCounts.from_matrix(model.fit_transform(own["text"]), model.get_feature_names_out(), own["outlet"], own["n_tokens"])
    words = study.word_counts
    assert list(words.stemmed("french").terms) == list(stems.terms) and (words.stemmed("french").counts != stems.counts).nnz == 0
    assert len(stems.terms) < len(words.terms)


def test_term_table_sorts_like_pandas_even_with_unsorted_names():
    import scipy.sparse as sp

    from analysis.terms import GroupCounts, term_table

    counts = GroupCounts(
        np.array(["b", "a"], dtype=object),
        np.array(["paix", "Kyiv", "éclat", "arme"], dtype=object),
        sp.csr_matrix(np.array([[2, 0, 2, 5], [1, 3, 3, 1]], dtype=np.int64)),
        np.array([100, 200], dtype=np.int64),
    )
    got = term_table(counts)
    ref = got.sort_values(["outlet", "count", "term"], ascending=[True, False, True]).reset_index(drop=True)
    assert got.to_csv(index=False) == ref.to_csv(index=False)
    assert list(got["term"][:2]) == ["Kyiv", "éclat"]  # outlet a: count 3 twice, then by term


def test_possessive_token_pattern_matches_as_the_greedy_one():
    import random
    import re

    from analysis.tokens import TOKEN_PATTERN

    greedy = re.compile(TOKEN_PATTERN.replace("++", "+").replace("*+", "*").replace("?+", "?"))
    assert greedy.pattern != TOKEN_PATTERN
    possessive = re.compile(TOKEN_PATTERN)
    alphabet = list("aéZ1 0\u00a0\u202f-.,_²Ⅻ٣'’\n")
    rng = random.Random(0)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 16)))
        assert [m.span() for m in possessive.finditer(text)] == [m.span() for m in greedy.finditer(text)], text


def test_re2_pattern_finds_what_python_finds_on_every_code_point():
    """Arrow's RE2 tokens equal Python's ``findall`` for every code point, alone and next to letters, digits and hyphens."""
    from analysis.scale.arrow import _MARKER, _SEPARATOR, _TOKENS_AND_SEPARATORS, _block_codes

    points = [chr(c) for c in range(0x110000) if not (0xD800 <= c <= 0xDFFF) and chr(c) != _MARKER]
    text = "".join(f"a{c}b1{c}2-{c}1 {c}{c}a-{c}" for c in points) + _SEPARATOR + "3 000,5 paix"
    codes, dictionary = _block_codes(text)
    assert dictionary.take(codes).to_pylist() == _TOKENS_AND_SEPARATORS.findall(text)
    short = _block_codes("un petit texte")  # below ARROW_TOKENS_ABOVE: Python's findall
    assert short[1].take(short[0]).to_pylist() == ["un", "petit", "texte"]


def test_re2_pattern_translates_classes_and_refuses_other_escapes():
    import pyarrow as pa
    import pyarrow.compute as pc

    from analysis.scale.arrow import re2_pattern

    spelled = re2_pattern(r"[\s,]\d++\u00a0")
    assert spelled.startswith("[\\x{9}-\\x{D}") and spelled.count("[") == 2 and "++" not in spelled and spelled.endswith("+\\x{00A0}")
    letters = "^" + re2_pattern(r"[^\W\d_]") + "+$"
    assert pc.match_substring_regex(pa.array(["é", "Ⅻ", "_", "٣"]), letters).to_pylist() == [True, True, False, False]
    with pytest.raises(ValueError, match="escape"):
        re2_pattern(r"\bpaix\b")
