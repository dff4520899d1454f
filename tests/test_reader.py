"""Reading a corpus in chunks: same documents as loading it at once, in every input format."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.config import PROJECT_ROOT
from analysis.errors import CorpusError
from analysis.reader import index_corpus, iter_chunks, load_corpus, read_chunk, read_documents

FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "strike_corpus"


def _records(corpus) -> list[dict]:
    return [
        {"doc_id": d, "outlet": o, "date": t, "text": x}
        for d, o, t, x in corpus.documents[["doc_id", "outlet", "date", "text"]].itertuples(index=False)
    ]


@pytest.mark.parametrize("path", [PROJECT_ROOT / "data", FIXTURE])
@pytest.mark.parametrize("size", [1, 2, 100])
def test_chunks_of_a_folder_are_the_corpus(path, size):
    full = load_corpus(path)
    chunks = list(iter_chunks(path, size))
    assert [len(c.documents) for c in chunks] == [min(size, len(full.documents) - a) for a in range(0, len(full.documents), size)]
    assert_frame_equal(pd.concat([c.documents for c in chunks], ignore_index=True), full.documents)
    anchors = pd.concat([c.annotations for c in chunks if len(c.annotations)] or [full.annotations], ignore_index=True)
    assert anchors[["doc_id", "start", "layer"]].equals(full.annotations[["doc_id", "start", "layer"]].reset_index(drop=True))


@pytest.mark.parametrize("path", [PROJECT_ROOT / "data", FIXTURE])
def test_documents_read_by_position_are_those_of_the_corpus_in_id_order(path):
    index, full = index_corpus(path), load_corpus(path)
    last = len(index) - 1
    picked = read_documents(index, [last, 0])  # any order: read in doc_id order
    want = full.documents.iloc[[0, last]].reset_index(drop=True)
    assert_frame_equal(picked.documents, want)
    assert_frame_equal(read_documents(index, range(1, last + 1)).documents, read_chunk(index, 1, last + 1).documents)
    assert set(picked.annotations["doc_id"]) <= set(want["doc_id"])


def test_jsonl_and_parquet_give_the_same_documents(tmp_path):
    records = _records(load_corpus(FIXTURE))[::-1]  # unsorted on purpose
    jsonl = tmp_path / "c.jsonl"
    jsonl.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    parquet = tmp_path / "c.parquet"
    pd.DataFrame(records).to_parquet(parquet, row_group_size=1)  # one document per row group
    whole = load_corpus(jsonl).documents.drop(columns="line")
    for path in (jsonl, parquet):
        chunked = pd.concat([c.documents for c in iter_chunks(path, 2)], ignore_index=True).drop(columns="line")
        assert_frame_equal(chunked, whole)
        assert list(chunked["doc_id"]) == sorted(r["doc_id"] for r in records)
    assert_frame_equal(load_corpus(parquet).documents.drop(columns="line"), whole)


def test_index_reads_no_text(make_corpus):
    root = make_corpus({"a": "Un texte.", "b": "Un autre."})
    index = index_corpus(root)
    assert "text" not in index.documents and list(index.documents["doc_id"]) == ["a", "b"]
    (root / "raw" / "b.txt").write_text("Changé après l'index.", encoding="utf-8")
    assert read_chunk(index, 0, 1).documents["text"].tolist() == ["Un texte."]
    with pytest.raises(CorpusError, match=r"corpus/metadata.csv:3 \[sha256\]: checksum mismatch"):
        read_chunk(index, 1, 2)


def test_bad_records_are_named_with_their_line(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"doc_id": "a", "outlet": "x", "text": "Bon."}\nnot json\n{"doc_id": "b", "outlet": "x"}\n', encoding="utf-8")
    with pytest.raises(CorpusError) as err:
        index_corpus(path)
    text = str(err.value)
    assert "c.jsonl:2" in text and "not valid JSON" in text
    assert "c.jsonl:3 [text]" in text and "text" in text


def test_parquet_without_text_column_is_refused(tmp_path):
    path = tmp_path / "c.parquet"
    pd.DataFrame({"doc_id": ["a"], "outlet": ["x"]}).to_parquet(path)
    with pytest.raises(CorpusError, match="text"):
        index_corpus(path)


def test_empty_parquet_text_is_refused_with_its_row(tmp_path):
    path = tmp_path / "c.parquet"
    pd.DataFrame({"doc_id": ["a", "b"], "outlet": ["x", "x"], "text": ["Bon.", " "], "language": "fr"}).to_parquet(path)
    index = index_corpus(path)
    with pytest.raises(CorpusError, match=r"c.parquet:2 \[text\]: missing or empty text"):
        read_chunk(index, 0, 2)


def test_anchor_of_an_unknown_document_is_reported_before_reading_texts(make_corpus):
    root = make_corpus({"a": "Un texte."}, annotations=[["zz", "Un", "boilerplate", "", ""]])
    with pytest.raises(CorpusError, match="unknown doc_id 'zz'"):
        index_corpus(root)


def test_chunk_size_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        index_corpus(FIXTURE).chunks(0)
