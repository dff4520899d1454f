"""Chunked and distributed runs give the same tables, byte for byte, as the study loaded at once."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import load_study
from analysis.cli import main
from analysis.config import PROJECT_ROOT
from analysis.events import stem_document_frequencies
from analysis.pipeline import TABLES, TableWriter, write_tables
from analysis.profile import Profile
from analysis.scale.engine import STREAMED, _kept_documents, _Parts, add_frequencies, build_study, make_engine, stream_chunk, stream_tables

FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "strike_corpus"


def _tables(study, out):
    return {p.name: p.read_bytes() for p in write_tables(study.tables(), out)}


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """The fixture corpus's tables, computed on the corpus loaded at once."""
    return _tables(load_study(FIXTURE), tmp_path_factory.mktemp("reference"))


@pytest.mark.parametrize("size", [1, 2])
def test_local_engine_in_chunks_equals_the_study_loaded_at_once(reference, tmp_path, size):
    assert _tables(build_study(FIXTURE, chunk_size=size), tmp_path) == reference


@pytest.mark.slow
def test_dask_engine_equals_the_local_engine(reference, tmp_path):
    study = build_study(FIXTURE, chunk_size=1, engine="dask", workers=2)
    tables = _tables(study, tmp_path)
    assert sorted(tables) == sorted(reference) and len(tables) == len(TABLES)
    for name, data in reference.items():
        assert tables[name] == data, name


def test_real_corpus_in_chunks_equals_the_study(study, tmp_path):
    chunked = build_study(PROJECT_ROOT / "data", chunk_size=2)
    for name in ("sentences", "quotes", "cues", "stance", "events", "coverage", "distinctive_terms", "outlet_map"):
        got = write_tables({name: _table(chunked, name)}, tmp_path / "a")[0].read_bytes()
        want = write_tables({name: _table(study, name)}, tmp_path / "b")[0].read_bytes()
        assert got == want, name


def _table(study, name):
    from analysis.pipeline import TABLES

    return TABLES[name](study)


@pytest.mark.parametrize(("engine", "size"), [("local", 1), ("local", 2), pytest.param("dask", 1, marks=pytest.mark.slow)])
def test_streamed_tables_equal_the_study_loaded_at_once(reference, tmp_path, engine, size):
    written = stream_tables(FIXTURE, tmp_path, chunk_size=size, engine=engine, workers=2)
    assert {p.name: p.read_bytes() for p in written} == reference


def test_streamed_tables_of_the_real_corpus_equal_the_study(study, tmp_path):
    want = _tables(study, tmp_path / "want")
    got = {p.name: p.read_bytes() for p in stream_tables(PROJECT_ROOT / "data", tmp_path / "got", chunk_size=2)}
    assert sorted(got) == sorted(want)
    for name in want:  # includes the stance cross-validation and the relay pairs, which read kept raw texts
        assert got[name] == want[name], name


def test_streamed_summary_holds_no_text_but_the_kept_documents():
    from analysis.reader import index_corpus

    index = index_corpus(PROJECT_ROOT / "data")
    parts = _Parts(index)
    keep = frozenset({"cnn_relay_2022-11-11"})
    for start, stop in index.chunks(2):
        parts.add(stream_chunk(index, start, stop, keep))
    summary = parts.study()
    assert "text" not in summary.corpus.documents and "text" not in summary.sentences
    has_text = summary.raw_sentences.dropna(subset=["text"])
    assert set(has_text["doc_id"]) == set(summary.raw_sentences["doc_id"]) == set(keep)  # no row for the other documents
    coded = set(pd.read_csv(PROJECT_ROOT / "data" / "annotations" / "frames_documents.csv", dtype=str)["doc_id"])
    assert set(summary.frame_answers["doc_id"]) == coded  # the frame agreement's documents only
    assert "quote_text" not in summary.quotes
    assert all(not chunk.own_tokens for chunk in parts.chunks)  # MATTR keeps a carry, not the tokens
    # each chunk part is released once combined; only the stance rules wait for the stance table
    assert all(set(chunk.tables) == {"stance_rules"} and chunk.own_terms is None for chunk in parts.chunks)


def test_stance_table_is_written_chunk_by_chunk_from_the_labelled_documents_evaluation(study, tmp_path):
    from analysis.reader import index_corpus

    index = index_corpus(PROJECT_ROOT / "data")
    parts = _Parts(index)
    for start, stop in index.chunks(2):
        parts.add(stream_chunk(index, start, stop, _kept_documents(index)))
    summary = parts.study()
    writer = TableWriter(tmp_path / "out")
    try:
        parts.write_stance(summary, writer)
        written = writer.commit()
    finally:
        writer.close()
    assert all(not chunk.tables for chunk in parts.chunks)  # every chunk's rules released once its rows are written
    assert summary.stance_rules["doc_id"].isin(summary.stance_labels["doc_id"]).all()  # the labelled documents' rules only
    assert [p.name for p in written] == ["stance.csv"]
    assert written[0].read_bytes() == write_tables({"stance": study.stance}, tmp_path / "want")[0].read_bytes()
    pd.testing.assert_frame_equal(summary.stance_profile, study.stance_profile)
    assert set(STREAMED) <= set(__import__("analysis.pipeline", fromlist=["TABLES"]).TABLES)


def test_a_bad_text_mid_stream_writes_nothing(make_corpus, tmp_path):
    root = make_corpus({"a": "Un texte.", "b": "Un autre.", "c": "Encore un."})
    (root / "raw" / "c.txt").write_text("Changé.", encoding="utf-8")
    from analysis.errors import CorpusError

    with pytest.raises(CorpusError, match="checksum mismatch"):
        stream_tables(root, tmp_path / "out", chunk_size=1)
    assert not list((tmp_path / "out").rglob("*.csv"))


def test_document_frequencies_of_chunks_add_up():
    texts = ["Les négociations de paix.", "La paix, enfin ?", "Des obus et des négociations."]
    stop = Profile.default("fr").stopwords
    whole = stem_document_frequencies(texts, stop, "french")
    parts = add_frequencies(
        [(stem_document_frequencies(texts[:1], stop, "french"), 1), (stem_document_frequencies(texts[1:], stop, "french"), 2)]
    )
    assert parts[1] == 3
    assert parts[0].sort_index().equals(whole.sort_index())
    assert whole["paix"] == 2


def test_scheduler_needs_the_dask_engine():
    with pytest.raises(ValueError, match="--engine dask"):
        make_engine("local", scheduler="tcp://127.0.0.1:8786")
    with pytest.raises(ValueError, match="unknown engine"):
        make_engine("spark")


@pytest.mark.slow
def test_cli_runs_the_dask_engine(tmp_path, reference, capsys):
    out = tmp_path / "tables"
    code = main(["run", "--corpus", str(FIXTURE), "--out", str(out), "--engine", "dask", "--workers", "1", "--chunk-size", "2"])
    assert code == 0
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == reference


def test_cli_refuses_a_bad_chunk_size(tmp_path, capsys):
    assert main(["run", "--corpus", str(FIXTURE), "--out", str(tmp_path), "--chunk-size", "0"]) == 2
    assert "--chunk-size" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.csv"))


def test_every_pass_of_a_streamed_run_reports_progress(tmp_path):
    """The chunk, event-and-story, stance and distinctive-term passes and the corpus tables each get a progress bar, advanced to its total."""
    bars = {}

    def progress(desc, total):
        def wrap(items):
            bars[desc] = {"total": total, "done": 0}
            for item in items:
                bars[desc]["done"] += 1
                yield item

        return wrap

    stream_tables(FIXTURE, tmp_path / "out", chunk_size=1, progress=progress)
    assert set(bars) == {"chunks", "events and stories", "stance", "distinctive terms", "corpus tables"}
    assert all(b["done"] == b["total"] > 0 for b in bars.values())
    assert (
        bars["chunks"]["total"]
        == bars["events and stories"]["total"]
        == bars["stance"]["total"]
        == len(list((FIXTURE / "raw").glob("*.txt")))
    )
    outlets = pd.read_csv(FIXTURE / "metadata.csv", dtype=str)["outlet"].nunique()
    assert bars["distinctive terms"]["total"] == outlets  # one piece per outlet


def test_compact_chunk_tables_restore_to_the_same_table():
    """Categoricals, int32 and few-valued scores while kept; the concatenated table comes back column for column."""
    import numpy as np

    from analysis.scale.engine import _compact, _restore

    a = pd.DataFrame(
        {
            "doc_id": pd.array(["d1", "d1", "d2"], dtype="str"),
            "start": np.array([0, 5, 2**40], dtype=np.int64),  # too big for int32 in this chunk only
            "score": [0.5, -0.0, 0.5],  # -0.0 must not become 0.0
            "text": ["x", None, "z"],
            "label": pd.Series(["favor", "none", "none"], dtype=object),  # Python strings: held as a category too
            "holder": pd.Series(["outlet", None, ""], dtype=object),  # a None: left as it is
        }
    )
    b = pd.DataFrame(
        {
            "doc_id": pd.array(["d3"] * 70, dtype="str"),
            "start": np.arange(70, dtype=np.int64),
            "score": np.linspace(0, 1, 70),  # too many values for a category
            "text": ["y"] * 70,
            "label": pd.Series(["against"] * 70, dtype=object),
            "holder": pd.Series([""] * 70, dtype=object),
        }
    )
    c = pd.DataFrame(
        {
            "doc_id": pd.array(["d4"], dtype="str"),
            "start": np.array([1], dtype=np.int64),
            "score": [0.25],
            "text": ["w"],
            "label": pd.Series(["none"], dtype=object),
            "holder": pd.Series(["x"], dtype=object),
        }
    )
    empty = a.iloc[:0]
    parts = [_compact(f) for f in (a, empty, b, c)]
    assert parts[2]["start"].dtype == np.int32 and isinstance(parts[2]["doc_id"].dtype, pd.CategoricalDtype)
    assert isinstance(parts[3]["score"].dtype, pd.CategoricalDtype) and parts[0]["score"].dtype == np.float64
    assert isinstance(parts[0]["label"].dtype, pd.CategoricalDtype) and parts[0]["holder"].dtype == object
    want = pd.concat([a, b, c], ignore_index=True)
    got = _restore(parts)
    pd.testing.assert_frame_equal(got, want)
    assert np.signbit(got["score"].to_numpy()[1])
    pd.testing.assert_frame_equal(_restore([_compact(empty)]), empty)


@pytest.mark.parametrize("corpus", [FIXTURE, PROJECT_ROOT / "data"])
def test_event_pass_scores_the_kept_sentence_offsets_as_segmenting_again(corpus):
    from analysis.reader import index_corpus
    from analysis.scale.engine import _compact, _event_rows, score_documents, score_range

    index = index_corpus(corpus)
    chunk = stream_chunk(index, 0, 2)
    rows = _event_rows(chunk.tables["sentences"])
    assert len(rows) and not (rows["layer"] == "boilerplate").any()
    frequencies = (chunk.frequencies, chunk.n_sentences)
    segmented = score_documents(index, index.documents["doc_id"][:2], frequencies)  # segments the documents again
    assert len(segmented) and score_range(index, 0, 2, frequencies, rows).equals(segmented)
    assert score_range(index, 0, 2, frequencies, _compact(rows.iloc[:0])).empty  # no sentence: no score


def test_csv_pieces_write_the_bytes_of_the_data_frames(tmp_path):
    from analysis.pipeline import CsvPiece

    frames = [
        pd.DataFrame({"a": [1, 2], "b": ["x, y", 'dit "non"'], "c": [0.5, float("nan")], "d": [True, False]}),
        pd.DataFrame({"a": [3], "b": ["é\nà"], "c": [1e-7], "d": [True]}),
    ]
    empty = frames[0].iloc[:0]
    for pieces in ([empty, *frames, empty], [empty]):
        by_frame, by_text = TableWriter(tmp_path / "f"), TableWriter(tmp_path / "t")
        for piece in pieces:
            by_frame.append({"t": piece})
            by_text.append({"t": CsvPiece.of(piece)})
        assert by_text.commit()[0].read_bytes() == by_frame.commit()[0].read_bytes()
        for writer in (by_frame, by_text):
            writer.close()
    # a table that stays empty is its header, as pandas writes an empty frame
    from analysis.pipeline import CSV_FORMAT

    empty.to_csv(tmp_path / "pandas.csv", **CSV_FORMAT)
    assert (tmp_path / "t" / "t.csv").read_bytes() == (tmp_path / "pandas.csv").read_bytes()
