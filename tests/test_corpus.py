"""Corpus loading: provenance, checksums, user formats and every bad-input error."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pandas as pd
import pytest

from analysis import CorpusError, load_corpus, read_text, validate
from analysis.config import DATA_DIR, PROJECT_ROOT
from analysis.pipeline import load_study, write_tables

SEEDS = PROJECT_ROOT.parent / "shared" / "seeds"


def _problems(path):
    return [str(p) for p in validate(path)]


def test_raw_files_are_the_seeds_byte_for_byte():
    meta = pd.read_csv(DATA_DIR / "metadata.csv", dtype=str)
    for row in meta.itertuples():
        data = (DATA_DIR / row.path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row.sha256
        seed = SEEDS / row.original_filename
        if seed.exists():  # shared/ sits beside the clone in CI and on developer machines
            assert seed.read_bytes() == data


def test_metadata_documents_every_document():
    corpus = load_corpus(DATA_DIR)
    docs = corpus.documents
    assert sorted(docs["outlet"]) == sorted(corpus.outlets["outlet"])
    for field in ("original_outlet", "relay_chain", "date", "date_basis", "date_evidence", "language", "sha256"):
        assert (docs[field].str.len() > 0).all(), field
    assert set(docs["date_basis"]) <= {"stated", "inferred"}
    assert (docs["relay_chain"].str.contains(" > ")).all()


def test_valid_tiny_corpus_loads(make_corpus):
    root = make_corpus({"d1": "Un texte. Deux phrases.", "d2": "Autre texte."})
    corpus = load_corpus(root)
    assert list(corpus.documents["doc_id"]) == ["d1", "d2"]
    assert validate(root) == []


def test_bom_and_crlf_are_accepted_and_offsets_point_into_the_text(make_corpus):
    raw = "\ufeffPremière ligne.\r\nM. Dupont parle.\r\n\r\nFin du texte.".encode()
    root = make_corpus({"d1": raw})
    study = load_study(root)
    text = read_text(root / "raw" / "d1.txt")
    assert not text.startswith("\ufeff") and "\r\n" in text
    s = study.units["sentences"]
    assert [text[a:b] for a, b in zip(s["start"], s["end"])] == ["Première ligne.", "M. Dupont parle.", "Fin du texte."]


def test_not_utf8_names_file_and_line(make_corpus):
    root = make_corpus({"d1": "Bonne ligne.\nCaf\xe9 ici.".encode("latin-1")})
    (msg,) = _problems(root)
    assert "d1.txt:2" in msg and "not valid UTF-8" in msg and "Fix:" in msg


def test_empty_file(make_corpus):
    root = make_corpus({"d1": "  \n", "d2": "Texte."})
    (msg,) = _problems(root)
    assert "d1.txt" in msg and "empty" in msg


def test_missing_and_extra_metadata_fields(make_corpus):
    meta = [{"doc_id": "d1", "path": "raw/d1.txt", "colour_of_sky": "blue"}]
    root = make_corpus({"d1": "Texte."}, meta=meta)
    msgs = _problems(root)
    assert any("metadata.csv:1 [outlet]: missing field 'outlet'" in m for m in msgs)
    assert any("[colour_of_sky]: unknown field" in m and "x_colour_of_sky" in m for m in msgs)


def test_user_fields_with_x_prefix_are_kept(make_corpus):
    meta = [{"doc_id": "d1", "outlet": "alpha", "path": "raw/d1.txt", "x_section": "world"}]
    root = make_corpus({"d1": "Texte."}, meta=meta)
    assert validate(root) == []
    assert load_corpus(root).documents.loc[0, "x_section"] == "world"


def test_empty_required_value_names_the_line(make_corpus):
    meta = [{"doc_id": "d1", "outlet": "alpha", "path": "raw/d1.txt"}, {"doc_id": "", "outlet": "beta", "path": "raw/d2.txt"}]
    root = make_corpus({"d1": "Texte.", "d2": "Texte deux."}, meta=meta)
    (msg,) = _problems(root)
    assert "metadata.csv:3 [doc_id]: empty 'doc_id'" in msg


def test_duplicate_doc_id(make_corpus):
    meta = [{"doc_id": "d1", "outlet": "alpha", "path": "raw/d1.txt"}, {"doc_id": "d1", "outlet": "beta", "path": "raw/d2.txt"}]
    root = make_corpus({"d1": "Texte.", "d2": "Texte deux."}, meta=meta)
    (msg,) = _problems(root)
    assert "metadata.csv:3 [doc_id]: duplicate doc_id 'd1' (first on line 2)" in msg


def test_unknown_outlet(make_corpus):
    meta = [{"doc_id": "d1", "outlet": "gamma", "path": "raw/d1.txt"}]
    root = make_corpus({"d1": "Texte."}, meta=meta)
    (msg,) = _problems(root)
    assert "[outlet]: unknown outlet 'gamma'" in msg and "alpha, beta" in msg


def test_checksum_mismatch(make_corpus):
    root = make_corpus({"d1": "Texte original."})
    (root / "raw" / "d1.txt").write_text("Texte modifié.", encoding="utf-8")
    (msg,) = _problems(root)
    assert "metadata.csv:2 [sha256]: checksum mismatch" in msg and "restore the original raw file" in msg


def test_missing_text_file(make_corpus):
    meta = [{"doc_id": "d1", "outlet": "alpha", "path": "raw/nope.txt"}]
    root = make_corpus({"d1": "Texte."}, meta=meta)
    (msg,) = _problems(root)
    assert "[path]: file 'raw/nope.txt' not found" in msg


def test_annotation_anchor_not_found_and_found_twice(make_corpus):
    text = "Le titre. Le texte du relais. Le texte du relais encore."
    root = make_corpus(
        {"d1": text},
        annotations=[["d1", "Introuvable", "relay_commentary", "", ""], ["d1", "Le texte du relais", "original_outlet", "", ""]],
    )
    msgs = _problems(root)
    assert any("voice_segments.csv:2 [anchor]: anchor 'Introuvable' not found in d1" in m for m in msgs)
    assert any("voice_segments.csv:3 [anchor]" in m and "found 2 times" in m and "lengthen" in m for m in msgs)


def test_annotation_unknown_layer_and_unnamed_block(make_corpus):
    root = make_corpus(
        {"d1": "Un. Deux. Trois."}, annotations=[["d1", "Deux", "editorial", "", ""], ["d1", "Trois", "quoted_block", "", ""]]
    )
    msgs = _problems(root)
    assert any("[layer]: unknown layer 'editorial'" in m for m in msgs)
    assert any("[source]: a quoted block needs its source" in m for m in msgs)


def test_every_problem_is_reported_at_once(make_corpus):
    meta = [
        {"doc_id": "d1", "outlet": "gamma", "path": "raw/d1.txt"},
        {"doc_id": "d1", "outlet": "alpha", "path": "raw/d2.txt"},
        {"doc_id": "d3", "outlet": "alpha", "path": "raw/d3.txt"},
    ]
    root = make_corpus({"d1": "A.", "d2": "B.", "d3": b"\xff"}, meta=meta)
    assert len(validate(root)) == 3
    with pytest.raises(CorpusError) as err:
        load_corpus(root)
    assert "3 problem(s) found" in str(err.value)


def test_jsonl_corpus(tmp_path):
    path = tmp_path / "c.jsonl"
    records = [
        {"doc_id": "a", "outlet": "x", "text": "Premier texte.", "language": "fr"},
        {"doc_id": "b", "outlet": "y", "text": "Second."},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    corpus = load_corpus(path)
    assert list(corpus.outlets["outlet"]) == ["x", "y"]
    assert corpus.text("a") == "Premier texte."


def test_jsonl_problems_name_the_line(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"doc_id": "a", "outlet": "x", "text": "Ok."}\nnot json\n{"doc_id": "b", "text": "", "colour": 1}\n', encoding="utf-8")
    msgs = [str(p) for p in validate(path)]
    assert any("c.jsonl:2" in m and "not valid JSON" in m for m in msgs)
    assert any("c.jsonl:3 [outlet]: missing field" in m for m in msgs)
    assert any("c.jsonl:3 [colour]: unknown field" in m for m in msgs)
    assert any("c.jsonl:3 [text]: missing or empty text" in m for m in msgs)


def test_cli_validate_exit_codes(make_corpus):
    good = make_corpus({"d1": "Texte."})
    ok = subprocess.run([sys.executable, "-m", "analysis", "validate", str(good)], capture_output=True, text=True)
    assert ok.returncode == 0 and "OK" in ok.stdout
    (good / "raw" / "d1.txt").write_text("Changé.", encoding="utf-8")
    bad = subprocess.run([sys.executable, "-m", "analysis", "validate", str(good)], capture_output=True, text=True)
    assert bad.returncode == 1 and "checksum mismatch" in bad.stderr and "Fix:" in bad.stderr


def test_run_writes_nothing_on_bad_input(make_corpus, tmp_path):
    root = make_corpus({"d1": "Texte.", "d2": ""})
    out = tmp_path / "out"
    out.mkdir()
    (out / "sentences.csv").write_text("previous run\n", encoding="utf-8")
    res = subprocess.run(
        [sys.executable, "-m", "analysis", "run", "--corpus", str(root), "--out", str(out)], capture_output=True, text=True
    )
    assert res.returncode == 1 and "Nothing was written" in res.stderr
    assert sorted(p.name for p in out.iterdir()) == ["sentences.csv"]
    assert (out / "sentences.csv").read_text(encoding="utf-8") == "previous run\n"


def test_write_tables_is_all_or_nothing(tmp_path):
    class Boom:
        def __len__(self):
            return 1

        def to_csv(self, *args, **kwargs):
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_tables({"a": pd.DataFrame({"x": [1]}), "b": Boom()}, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_nothing_writes_into_raw_data():
    with pytest.raises(ValueError, match="inside the corpus folder"):
        write_tables({"a": pd.DataFrame({"x": [1]})}, DATA_DIR / "raw" / "tables")
    assert not (DATA_DIR / "raw" / "tables").exists()


def test_a_quote_span_is_placed_in_the_sentence_where_it_opens():
    from analysis.pipeline import _sentences_at

    sentences = pd.DataFrame(
        {"doc_id": ["b", "a", "a", "b"], "sentence_id": [1, 1, 0, 0], "start": [50, 40, 0, 0], "end": [90, 80, 30, 50]}
    )
    spans = pd.DataFrame({"doc_id": ["a", "a", "a", "b", "b", "c"], "start": [0, 35, 79, 49, 50, 0]})
    # a's sentences: 0-30, 40-80 (35 falls between them); b's: 0-50, 50-90; no sentence in c
    assert _sentences_at(sentences, spans) == [0, -1, 1, 0, 1, -1]


def test_concat_rows_leaves_out_untyped_empty_blocks():
    import pandas as pd

    from analysis.corpus import concat_rows

    typed = pd.DataFrame({"doc_id": pd.Series(["a", "b"], dtype="str"), "start": [0, 5]})
    empty = pd.DataFrame([], columns=["doc_id", "start"])  # object columns, as a batch without rows builds them
    out = concat_rows([empty, typed.iloc[:1], empty, typed.iloc[1:]])
    pd.testing.assert_frame_equal(out, typed)
    assert concat_rows([empty, empty]).columns.tolist() == ["doc_id", "start"] and concat_rows([]).empty
