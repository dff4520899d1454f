"""Run the study on a corpus read in chunks, in this process or on a Dask cluster.

The per-document steps (segmentation, tokens, quotes, cues, naming, stance
rules, frame cues, persuasion cues, event scores) depend on one document at a
time, so they run chunk by chunk (:func:`process_chunk`): one chunk in memory
per worker, and on Dask any number of workers on any number of machines.
Event scores need one corpus-level quantity, the document frequency of each
stem (their TF-IDF's idf): every chunk returns its frequencies, which add up,
and a second pass scores each chunk's sentences with the corpus-wide idf.

Word-form and stem counts per outlet are also computed chunk by chunk and
added up (:class:`~analysis.terms.GroupCounts`), so the distinctive terms,
term frequencies, the correspondence analysis and the outlet similarities
are combined from per-chunk counts.  The other corpus-level steps (coverage,
profiles, bootstraps, evaluations against the hand annotations) then run
once on the combined per-document tables in a
:class:`~analysis.pipeline.Study`, the same code as for a corpus loaded at
once, so every engine and every chunk size gives the same tables byte for
byte (``tests/test_engine.py``).

Engines: ``local`` (this process, chunks one after the other) and ``dask``
(``dask.distributed``: a ``LocalCluster`` of worker processes by default, or
the scheduler at ``scheduler``, e.g. ``tcp://10.0.0.5:8786``; every worker
must be able to read the corpus at the same path).
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp
from pandas.api.types import union_categoricals

from .. import pipeline
from ..corpus import OWN_VOICE, Corpus, concat_rows
from ..diversity import MattrAccumulator, diversity_table, group_tokens
from ..events import event_scores, link_events, stem_document_frequencies
from ..frames import frame_profile
from ..kernels import normalise_space
from ..keyness import bootstrap_from_matrix, distinctive_inputs, distinctive_piece, empty_distinctive, score_agreement
from ..pipeline import TABLES, CsvPiece, Study, TableWriter
from ..reader import CorpusIndex, index_corpus, read_chunk, read_documents
from ..stance import stance_profile, stance_table
from ..stories import StoryModel, combine_pieces, story_sentences
from ..terms import select_layers

#: Study tables computed chunk by chunk, as the study declares them: rows of one document at a time (concatenated)...
PER_DOCUMENT = Study.tables_of("document")
#: ... and counts that add up (:class:`~analysis.terms.GroupCounts`, :class:`~analysis.terms.Spread`).
PER_CHUNK_COUNTS = Study.tables_of("counts")
ENGINES = ("local", "dask")
DEFAULT_CHUNK_SIZE = 500


@dataclass
class ChunkResult:
    """The per-document tables of one chunk, and what the corpus-level idf needs from it."""

    corpus: Corpus
    tables: dict
    frequencies: pd.Series
    n_sentences: int


def process_chunk(index: CorpusIndex, start: int, stop: int) -> ChunkResult:
    """Read documents ``start:stop`` of the index and compute their per-document tables."""
    study = Study(read_chunk(index, start, stop))
    tables = {name: getattr(study, name) for name in PER_DOCUMENT + PER_CHUNK_COUNTS}
    texts = list(study.event_sentences["text"])
    return ChunkResult(study.corpus, tables, _frequencies(study, texts), len(texts))


def score_chunk(result: ChunkResult, frequencies: tuple[pd.Series, int]) -> pd.DataFrame:
    """Event scores of one chunk's sentences, with the corpus-wide stem frequencies."""
    study = Study.from_tables(result.corpus, result.tables)
    return _event_scores(study, study.event_sentences, frequencies)


def _frequencies(study: Study, texts: list[str]) -> pd.Series:
    """Stem document frequencies of some texts, with the study's stopwords and stemmer."""
    return stem_document_frequencies(texts, study.profile.stopwords, study.profile.rules.stemmer)


def _event_scores(study: Study, sentences: pd.DataFrame, frequencies: tuple[pd.Series, int]) -> pd.DataFrame:
    """Event scores of some sentences against the study's catalogue, with the corpus-wide frequencies."""
    return event_scores(sentences, study.event_catalogue, study.profile.stopwords, study.profile.rules.stemmer, frequencies)


def add_frequencies(results: Iterable[tuple[pd.Series, int]]) -> tuple[pd.Series, int]:
    """Sum the stem document frequencies and sentence counts of chunks."""
    results = list(results)
    series = [f for f, _ in results if len(f)]
    total = pd.concat(series).groupby(level=0).sum().astype("int64") if series else pd.Series(dtype="int64")
    return total.rename("df"), int(sum(n for _, n in results))


def combine(index: CorpusIndex, results: Sequence[ChunkResult], scores: Sequence[pd.DataFrame]) -> Study:
    """Build the whole corpus's :class:`Study` from its chunks' tables."""
    docs = concat_rows([r.corpus.documents for r in results])
    annotations = concat_rows([r.corpus.annotations for r in results])
    corpus = Corpus(name=index.name, documents=docs, outlets=index.outlets, annotations=annotations, root=index.root, profile=index.profile)
    tables: dict = {}
    for name in PER_DOCUMENT:
        parts = [r.tables[name] for r in results]
        tables[name] = {key: concat_rows([p[key] for p in parts]) for key in parts[0]} if isinstance(parts[0], dict) else concat_rows(parts)
    for name in PER_CHUNK_COUNTS:
        parts = [r.tables[name] for r in results]
        tables[name] = type(parts[0]).combine(parts)  # GroupCounts or Spread: parts of disjoint documents
    tables["event_scores"] = concat_rows(scores)
    return Study.from_tables(corpus, tables)


class LocalEngine:
    """Run chunks one after the other in this process."""

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def map(self, fn: Callable, *args, progress=None, **kwargs) -> list:
        """``[fn(*a, **kwargs) for a in zip(*args)]``, in order, wrapped in ``progress``."""
        return list(self.imap(fn, *args, progress=progress, **kwargs))

    def imap(self, fn: Callable, *args, progress=None, **kwargs) -> Iterator:
        """Yield ``fn(*a, **kwargs)`` for ``a`` in ``zip(*args)``, one at a time, in order."""
        items = list(zip(*args))
        for a in progress(items) if progress else items:
            yield fn(*a, **kwargs)


class DaskEngine:
    """Run chunks on a ``dask.distributed`` cluster (a local one unless ``scheduler`` is given).

    Parameters
    ----------
    scheduler : str, optional
        Address of a running scheduler (``tcp://host:8786``).
    workers : int, optional
        Worker processes of the local cluster (default 2, one thread each).
    """

    def __init__(self, scheduler: str | None = None, workers: int | None = None):
        self.scheduler = scheduler
        self.workers = workers

    def __enter__(self) -> DaskEngine:
        from dask.distributed import Client, LocalCluster

        if self.scheduler:
            self.cluster = None
            self.client = Client(self.scheduler)
        else:
            self.cluster = LocalCluster(
                n_workers=self.workers or 2,
                threads_per_worker=1,
                processes=True,
                dashboard_address=":0",  # a free port: never collides with another cluster
                silence_logs=logging.ERROR,
            )
            self.client = Client(self.cluster)
        return self

    def __exit__(self, *exc) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def map(self, fn: Callable, *args, progress=None, **kwargs) -> list:
        """Submit ``fn`` over ``zip(*args)`` all at once; return the results in order."""
        return list(self.imap(fn, *args, progress=progress, window=len(args[-1]), **kwargs))

    def imap(self, fn: Callable, *args, progress=None, window: int | None = None, **kwargs) -> Iterator:
        """Yield results in order while at most ``window`` tasks (default: two per worker) are out, so memory stays bounded."""
        # hash=False: every call scatters under a new key, so releasing one call's data never loses another's
        kwargs = {k: self.client.scatter([v], broadcast=True, hash=False)[0] for k, v in kwargs.items()}
        shared = [self.client.scatter([a[0]], broadcast=True, hash=False)[0] if _constant(a) else a for a in args]
        n = len(args[-1])
        columns = [[x] * n if not isinstance(x, list) else x for x in shared]
        window = window or 2 * max(len(self.client.scheduler_info()["workers"]), 1)
        pending: deque = deque()
        done = progress(range(n)) if progress else range(n)
        for i in done:
            while len(pending) < window and i + len(pending) < n:
                k = i + len(pending)
                pending.append(self.client.submit(fn, *(c[k] for c in columns), pure=False, **kwargs))
            future = pending.popleft()
            yield future.result()
            future.release()


def _constant(values) -> bool:
    """Whether an argument column repeats one object (sent once to every worker)."""
    return isinstance(values, list) and len(values) > 1 and all(v is values[0] for v in values)


def make_engine(engine: str = "local", scheduler: str | None = None, workers: int | None = None):
    """Return the engine named ``engine`` (``local`` or ``dask``)."""
    if engine == "local":
        if scheduler:
            raise ValueError("--scheduler needs --engine dask")
        return LocalEngine()
    if engine == "dask":
        return DaskEngine(scheduler, workers)
    raise ValueError(f"unknown engine {engine!r}: use one of {', '.join(ENGINES)}")


def load_study(
    path,
    lexical_only: bool = False,
    chunk_size: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    progress: Callable[[str, int], Callable] | None = None,
) -> Study:
    """Return the :class:`~analysis.pipeline.Study` of a corpus: the one road to its tables, wherever they are computed.

    With the defaults, the corpus is read at once and every table is computed
    on first use (:func:`analysis.pipeline.load_study`).  With ``chunk_size``,
    or ``engine="dask"``, the document and count tables the study declares
    (:meth:`~analysis.pipeline.Study.tables_of`) are computed chunk by chunk,
    here or on a Dask cluster (:func:`build_study`), and every other table is
    then computed from them by the same study.  Either way the tables are the
    same, byte for byte (``tests/test_engine.py``).  To write the tables of a
    corpus too large to hold, use the command line's ``run``
    (:func:`stream_tables`).

    Parameters
    ----------
    path : path-like
        Corpus folder, ``.jsonl`` or ``.parquet`` file (see :mod:`analysis.reader`).
    lexical_only : bool
        Accept a language without shipped defaults (see :func:`~analysis.reader.load_corpus`).
    chunk_size : int, optional
        Documents per chunk (default: the whole corpus at once, or :data:`DEFAULT_CHUNK_SIZE` on Dask).
    engine, scheduler, workers
        Where chunks run (see :func:`make_engine`).
    progress : callable, optional
        See :func:`build_study`.
    """
    if chunk_size is None and engine == "local" and scheduler is None:
        return pipeline.load_study(path, lexical_only)
    return build_study(path, chunk_size or DEFAULT_CHUNK_SIZE, engine, scheduler, workers, progress, lexical_only)


def build_study(
    path,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    progress: Callable[[str, int], Callable] | None = None,
    lexical_only: bool = False,
) -> Study:
    """Compute the per-document tables of a corpus chunk by chunk and return its :class:`Study`.

    Parameters
    ----------
    path : path-like or CorpusIndex
        Corpus folder, ``.jsonl`` or ``.parquet`` file (see :mod:`analysis.reader`).
    chunk_size : int
        Documents per chunk (the unit of work and of memory on a worker).
    engine, scheduler, workers
        See :func:`make_engine`.
    progress : callable, optional
        ``progress(description, total)`` returns a wrapper for an iterable
        (e.g. a ``tqdm`` factory), one per pass.
    lexical_only : bool
        Accept a language without shipped defaults (see :func:`~analysis.reader.load_corpus`).

    Returns
    -------
    Study
        With the per-document tables filled in; the corpus-level tables are
        computed on first use, as for :func:`~analysis.pipeline.load_study`.
    """
    index = path if isinstance(path, CorpusIndex) else index_corpus(path, lexical_only)
    ranges = index.chunks(chunk_size)
    starts, stops = [a for a, _ in ranges], [b for _, b in ranges]
    bar = (lambda desc: progress(desc, len(ranges))) if progress else (lambda desc: None)
    with make_engine(engine, scheduler, workers) as runner:
        results = runner.map(process_chunk, [index] * len(ranges), starts, stops, progress=bar("chunks"))
        frequencies = add_frequencies((r.frequencies, r.n_sentences) for r in results)
        scores = runner.map(score_chunk, results, progress=bar("event scores"), frequencies=frequencies)
    return combine(index, results, scores)


# -- streaming run: per-document tables written chunk by chunk, corpus-level tables from compact parts --

#: Output tables with rows of one document at a time: written chunk by chunk by :func:`stream_tables`.
STREAMED = ("documents", "sentences", "segments", "layers", "quote_spans", "cues", "quotes", "frames", "frame_answers", "persuasion")
#: Per-document tables the corpus-level steps read, kept (without their texts) by :func:`stream_tables`.
COMPACT = ("quotes", "cues", "naming_matches", "persuasion", "frame_answers")
#: What the frame profile reads of the frames table: own-voice rows, three columns.
FRAME_ROWS = ["doc_id", "outlet", "frame", "score"]
#: What the stance profile reads of the stance table (selected rows).
STANCE_ROWS = ["doc_id", "outlet", "target", "label", "holder"]


@dataclass
class StreamedChunk:
    """What :func:`stream_tables` keeps of one chunk: its output rows (as CSV text), and compact inputs of the corpus-level steps."""

    outputs: dict
    documents: pd.DataFrame
    annotations: pd.DataFrame
    tables: dict
    frequencies: pd.Series
    n_sentences: int
    own_terms: sp.csr_matrix
    own_vocabulary: np.ndarray
    own_tokens: dict


def stream_chunk(index: CorpusIndex, start: int, stop: int, keep: frozenset[str] = frozenset()) -> StreamedChunk:
    """Compute one chunk's output rows and the compact parts of the corpus-level steps.

    ``keep`` names documents whose raw sentence texts the corpus-level steps
    read (hand stance labels, relay pairs); every other text stays here.
    The stance rules are kept until the stance table is written (it needs
    the cross-validation of every labelled document first); of the frames,
    only what the frame profile reads.
    """
    study = Study(read_chunk(index, start, stop))
    outputs = {name: CsvPiece.of(TABLES[name](study)) for name in STREAMED}  # written as CSV here, in the worker
    sentences = study.sentences.drop(columns="text")
    kept = np.flatnonzero(sentences["doc_id"].isin(list(keep)).to_numpy())  # raw_sentences has the same rows
    kept_texts = study.raw_sentences["text"].to_numpy()[kept] if len(kept) else np.empty(0, dtype=object)
    frames = study.frames
    tables = {name: getattr(study, name) for name in COMPACT} | {
        "sentences": sentences,
        "raw_texts": pd.DataFrame({"row": kept, "text": kept_texts}),
        "stance_rules": study.stance_rules,
        "frame_rows": frames.loc[frames["layer"].isin(OWN_VOICE), FRAME_ROWS].reset_index(drop=True),
        "word_counts": study.word_counts,
        "stem_counts": study.stem_counts,
        "story_counts": study.story_counts,
        "spread": study.spread,
    }
    tables["quotes"] = tables["quotes"].drop(columns="quote_text")
    own = select_layers(study.sentences)
    own_terms, vocabulary = study.own_term_matrix
    texts = list(study.event_sentences["text"])
    docs = study.corpus.documents.drop(columns="text")
    tokens = group_tokens(own.sort_values(["doc_id", "start"]))
    # compacted here, in the worker: the combining process never holds a chunk's full-size tables
    tables = {name: _compact(t) if isinstance(t, pd.DataFrame) else t for name, t in tables.items()}
    frequencies = _frequencies(study, texts)
    return StreamedChunk(
        outputs, docs, study.corpus.annotations, tables, frequencies, len(texts), _small_counts(own_terms), vocabulary, tokens
    )


def _chunk_rows(index: CorpusIndex, start: int, stop: int, sentences: pd.DataFrame) -> tuple[Study, pd.DataFrame]:
    """Documents ``start:stop`` read again (a streamed chunk keeps no text), and their event sentences with their text.

    ``sentences``: their event sentences' :data:`EVENT_ROWS` (compact, as
    :meth:`_Parts.study` keeps them), so each text is sliced at its offsets
    and white-space normalised, as :attr:`Study.sentences` does, instead of
    segmenting the documents again.
    """
    study = Study(read_chunk(index, start, stop))
    rows = _restore([sentences])
    texts = dict(zip(study.corpus.documents["doc_id"], study.corpus.documents["text"]))
    raw = [texts[d][a:b] for d, a, b in zip(rows["doc_id"], rows["start"], rows["end"])]
    rows["text"] = normalise_space(pd.Series(raw, index=rows.index, dtype="str"))
    return study, rows.drop(columns=["start", "end"])


def score_range(index: CorpusIndex, start: int, stop: int, frequencies: tuple[pd.Series, int], sentences: pd.DataFrame) -> pd.DataFrame:
    """Event scores of documents ``start:stop`` (see :func:`_chunk_rows`)."""
    study, rows = _chunk_rows(index, start, stop, sentences)
    return _event_scores(study, rows, frequencies)


def link_range(
    index: CorpusIndex,
    start: int,
    stop: int,
    sentences: pd.DataFrame,
    frequencies: tuple[pd.Series, int],
    threshold: float,
    model: StoryModel,
) -> tuple[pd.DataFrame, dict]:
    """Event links of documents ``start:stop`` at ``threshold``, and their sentences' part of the discovered stories.

    Their scores never leave the worker; the stories' part is
    :func:`~analysis.stories.story_sentences` (put together by
    :func:`~analysis.stories.combine_pieces`).
    """
    study, rows = _chunk_rows(index, start, stop, sentences)
    links = link_events(_event_scores(study, rows, frequencies), threshold)
    return links, story_sentences(rows, model, study.profile.stopwords, study.profile.rules.stemmer)


#: The sentence columns the event pass reads (:func:`score_range`), kept per chunk for the non-boilerplate sentences.
EVENT_ROWS = ["doc_id", "outlet", "sentence_id", "layer", "start", "end"]


def _event_rows(sentences: pd.DataFrame) -> pd.DataFrame:
    """Return the :data:`EVENT_ROWS` of a chunk's (compact) sentences that the event pass scores: every layer but boilerplate."""
    rows = sentences.loc[(sentences["layer"] != "boilerplate").to_numpy(), EVENT_ROWS].reset_index(drop=True)
    rows.attrs = sentences.attrs
    return rows


def score_documents(index: CorpusIndex, doc_ids: Iterable[str], frequencies: tuple[pd.Series, int]) -> pd.DataFrame:
    """Event scores of the named documents (those of the hand alignment, to choose the threshold)."""
    positions = np.flatnonzero(index.documents["doc_id"].isin(set(doc_ids)).to_numpy())
    study = Study(read_documents(index, positions.tolist()))
    return _event_scores(study, study.event_sentences, frequencies)


@dataclass
class _Parts:
    """The compact parts of every chunk, added up in document order."""

    index: CorpusIndex
    chunks: list = field(default_factory=list)
    mattr: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    pending: list = field(default_factory=list)
    vocabulary: dict = field(default_factory=dict)
    doc_frequencies: tuple = field(default_factory=lambda: (pd.Series(dtype="int64"), 0))
    event_rows: list = field(default_factory=list)

    #: Chunks whose counts wait before being added to the running totals (one sorted union per batch, not per chunk).
    BATCH = 16

    def add(self, chunk: StreamedChunk) -> None:
        for group, tokens in chunk.own_tokens.items():
            self.mattr.setdefault(group, MattrAccumulator()).add(tokens)
        chunk.own_tokens = {}
        self.pending.append(({name: chunk.tables.pop(name) for name in PER_CHUNK_COUNTS}, (chunk.frequencies, chunk.n_sentences)))
        chunk.frequencies = None
        if len(self.pending) >= self.BATCH:
            self._fold()
        ids = np.fromiter(
            (self.vocabulary.setdefault(w, len(self.vocabulary)) for w in chunk.own_vocabulary), np.int64, len(chunk.own_vocabulary)
        )
        m = chunk.own_terms
        chunk.own_terms = sp.csr_matrix((m.data, ids[m.indices].astype(np.int32), m.indptr), shape=(m.shape[0], len(self.vocabulary)))
        chunk.own_vocabulary = None  # the columns are now ids of the running vocabulary
        self.chunks.append(chunk)

    def _fold(self) -> None:
        """Add the waiting chunks' word and stem counts and stem document frequencies to the running totals."""
        if not self.pending:
            return
        for name in PER_CHUNK_COUNTS:
            parts = [counts[name] for counts, _ in self.pending]
            parts = [self.counts[name], *parts] if name in self.counts else parts
            self.counts[name] = type(parts[0]).combine(parts)  # GroupCounts or Spread
        self.doc_frequencies = add_frequencies([self.doc_frequencies, *(f for _, f in self.pending)])
        self.pending = []

    def frequencies(self) -> tuple[pd.Series, int]:
        """Return the corpus-wide stem document frequencies and sentence count (for the event scores)."""
        self._fold()
        return self.doc_frequencies

    def study(self) -> Study:
        """Return a :class:`Study` of the whole corpus that holds no text but the kept documents'.

        Each chunk part is released as soon as it is combined; the chunks keep
        only their stance rules (see :meth:`write_stance`), and
        :attr:`event_rows` receives each chunk's compact :data:`EVENT_ROWS`
        (taken from its sentences before they are combined) for the event
        pass.  The event tables are not filled in: :func:`stream_tables`
        provides them.
        """
        c = self.chunks
        corpus = Corpus(
            name=self.index.name,
            documents=concat_rows([x.documents for x in c]),
            outlets=self.index.outlets,
            annotations=concat_rows([x.annotations for x in c]),
            root=self.index.root,
            profile=self.index.profile,
        )
        lengths = np.cumsum([0] + [len(x.tables["sentences"]) for x in c])
        self.event_rows = [_event_rows(x.tables["sentences"]) for x in c]  # the event pass slices these: no second segmentation
        coded = _annotated_documents(self.index.root, {"frames_documents.csv": ["doc_id"]})
        answers = [x.tables.pop("frame_answers") for x in c]
        tables = {"frame_answers": _restore([a[a["doc_id"].isin(coded)] for a in answers])}  # read by the frame agreement only
        del answers
        tables |= {name: _restore([x.tables.pop(name) for x in c]) for name in (*COMPACT, "sentences") if name != "frame_answers"}
        rows, texts = [], []
        for x, offset in zip(c, lengths):
            kept = x.tables.pop("raw_texts")
            rows.append(offset + kept["row"].to_numpy(dtype=np.int64))
            texts.append(kept["text"].to_numpy())
        # only the kept documents' sentences: their readers (stance cross-validation and table, relay pairs) select those
        raw = tables["sentences"].iloc[np.concatenate(rows)]
        tables["raw_sentences"] = raw.assign(text=pd.array(np.concatenate(texts), dtype="str"))
        self._fold()
        tables |= self.counts
        tables["frame_profile"] = frame_profile(_restore([x.tables.pop("frame_rows") for x in c]), layers=None)
        words = np.array(list(self.vocabulary), dtype=object)  # in order of first appearance
        order = np.argsort(words, kind="stable")  # code-point order, as sorted() gives
        rank = np.empty(len(words), dtype=np.int64)
        rank[order] = np.arange(len(words))
        blocks = []
        column = np.int32 if len(words) <= np.iinfo(np.int32).max else np.int64
        for x in c:
            m = x.own_terms  # counts kept small (_small_counts): the bootstrap's sums are float64 products, exact
            blocks.append(sp.csr_matrix((m.data, rank[m.indices].astype(column), m.indptr), shape=(m.shape[0], len(words))))
            x.own_terms = None
        own = select_layers(tables["sentences"])
        # the stacked matrix's only reference is the bootstrap's argument, so the bootstrap can let it go once it
        # has kept the terms it scores (one copy fewer at the peak)
        tables["keyness_bootstrap"] = bootstrap_from_matrix(
            _stacked(blocks), own["outlet"], words[order].astype(str), documents=own["doc_id"]
        )
        tables["lexical_diversity"] = diversity_table(tables["sentences"], mattr_values={g: a.value() for g, a in self.mattr.items()})
        return Study.from_tables(corpus, tables)

    def write_stance(self, summary: Study, writer: TableWriter, runner=None, progress=None) -> None:
        """Write the stance table chunk by chunk and give ``summary`` its stance evaluation and profile.

        The cross-validation reads only the labelled documents' rules; each
        chunk's rows are then built with the chosen method and written as CSV
        text by ``runner``'s workers (:func:`stance_range`; default: in this
        process), and only the four columns the profile reads come back.
        """
        labelled = set(summary.stance_labels["doc_id"]) if len(summary.stance_labels) else set()
        rules = [x.tables.pop("stance_rules") for x in self.chunks]
        summary.provide(stance_rules=_restore([r[r["doc_id"].isin(labelled)] for r in rules]))
        evaluation = summary.stance_evaluation
        sentences = summary.raw_sentences[summary.raw_sentences["doc_id"].isin(labelled)]
        quotes = summary.quotes[summary.quotes["doc_id"].isin(labelled)]
        profile = []
        pieces = (runner or LocalEngine()).imap(
            stance_range, rules, progress=progress, sentences=sentences, evaluation=evaluation, quotes=quotes
        )
        for piece, rows in pieces:
            writer.append({"stance": piece})
            profile.append(rows)
        summary.provide(stance_profile=stance_profile(_restore(profile)))


def distinctive_range(k: int, inputs: dict) -> tuple[CsvPiece, pd.DataFrame]:
    """Return group ``k``'s rows of the distinctive terms as CSV text, and its score agreement (:func:`~analysis.keyness.distinctive_piece`)."""
    piece = distinctive_piece(k, inputs)
    return CsvPiece.of(piece), score_agreement(piece)


def stance_range(rules: pd.DataFrame, sentences: pd.DataFrame, evaluation: dict, quotes: pd.DataFrame) -> tuple[CsvPiece, pd.DataFrame]:
    """Return one chunk's stance table as CSV text and its selected rows' :data:`STANCE_ROWS` (compact), from its compact rules.

    ``sentences`` and ``quotes``: those of the labelled documents, whose
    classifier rows :func:`~analysis.stance.stance_table` adds.
    """
    table = stance_table(sentences, _restore([rules]), evaluation, quotes)
    return CsvPiece.of(table), _compact(table.loc[table["selected"], STANCE_ROWS].reset_index(drop=True))


def _compact(frame: pd.DataFrame) -> pd.DataFrame:
    """Hold a kept chunk table small; :func:`_restore` gives every column back its type.

    Repeated strings (ids, outlets, labels) and scores with few distinct
    values become categoricals, offsets and counts int32.  The combining
    process holds every chunk's compact parts until the end of the stream,
    so this divides their memory by about four.
    """
    small = np.iinfo(np.int32)
    to: dict = {}
    for c in frame.columns:
        col = frame[c]
        if c != "text" and pd.api.types.is_string_dtype(col) and col.dtype != object:
            to[c] = "category"
        elif c != "text" and col.dtype == object and not col.isna().any() and pd.api.types.infer_dtype(col) in ("string", "empty"):
            to[c] = "category"  # Python strings only (no None): they come back as the same strings
        elif col.dtype == np.float64 and col.nunique() <= 64 and not (np.signbit(col.to_numpy()) & (col.to_numpy() == 0)).any():
            to[c] = "category"  # (a category would merge -0.0 into 0.0)
        elif col.dtype == np.int64 and (col.empty or (col.min() >= small.min and col.max() <= small.max)):
            to[c] = np.int32
    out = frame.astype(to)
    out.attrs["_dtypes"] = {c: frame[c].dtype for c in to}
    return out


def _stacked(blocks: list[sp.csr_matrix]) -> sp.csr_matrix:
    """Stack row blocks into one CSR matrix and empty the list (so the caller holds no block and no stack)."""
    matrix = sp.vstack(blocks, format="csr")
    blocks.clear()
    return matrix


def _small_counts(matrix: sp.csr_matrix) -> sp.csr_matrix:
    """Return a kept count matrix with int32 counts when they fit (sums over it are taken in int64 or float64)."""
    if matrix.dtype == np.int64 and (matrix.nnz == 0 or matrix.data.max() <= np.iinfo(np.int32).max):
        return sp.csr_matrix((matrix.data.astype(np.int32), matrix.indices, matrix.indptr), shape=matrix.shape)
    return matrix


def _restore(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate :func:`_compact` tables and give each column back its original type (same table as without compacting)."""
    dtypes: dict = {}
    for f in reversed(frames):  # the first frame's record wins
        dtypes.update(f.attrs.get("_dtypes", {}))
    full = [f for f in frames if len(f)] or list(frames[:1])
    if not full:
        return pd.DataFrame()
    columns = {}
    for col in full[0].columns:
        if col in dtypes and all(isinstance(f[col].dtype, pd.CategoricalDtype) for f in full):
            merged = union_categoricals([f[col].array for f in full], ignore_order=True)
            columns[col] = pd.Series(merged, copy=False).astype(dtypes[col])
        elif col in dtypes:  # compacted in some chunks only
            columns[col] = pd.concat([f[col].astype(dtypes[col]) for f in full], ignore_index=True)
        else:
            columns[col] = pd.concat([f[col] for f in full], ignore_index=True)
    out = pd.DataFrame(columns)
    out.attrs = {}
    return out


def _annotated_documents(root: Path, files: dict[str, list[str]]) -> frozenset[str]:
    """Documents named in the ``doc_id`` columns of these annotation or corpus files (``{file: columns}``), where present."""
    found: set[str] = set()
    for name, columns in files.items():
        path = root / "annotations" / name if (root / "annotations" / name).exists() else root / name
        if path.exists():
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            found.update(v for col in columns if col in frame for v in frame[col])
    return frozenset(found)


def _kept_documents(index: CorpusIndex) -> frozenset[str]:
    """Documents whose raw sentences the corpus-level steps read: hand stance labels and relay pairs."""
    pairs = index.profile.relay_pairs if index.profile is not None else pd.DataFrame(columns=["doc_a", "doc_b"])
    return _annotated_documents(index.root, {"stance_labels.csv": ["doc_id"]}) | frozenset(pairs["doc_a"]) | frozenset(pairs["doc_b"])


def stream_tables(
    path,
    out: Path | str,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    progress: Callable[[str, int], Callable] | None = None,
    lexical_only: bool = False,
) -> list[Path]:
    """Compute every table of a corpus chunk by chunk and write them to ``out``, all or nothing.

    The tables of :data:`STREAMED` are written as each chunk arrives (in
    ``doc_id`` order); the corpus-level tables are then computed from the
    chunks' compact parts: counts added up as chunks arrive, a sentence x term
    matrix, per-sentence numbers and short labels, MATTR accumulators, and the
    raw sentences of the documents with hand stance labels or in relay pairs
    only.  The event threshold is chosen on the hand-aligned documents'
    scores, then each chunk's links are found in the workers
    (:func:`link_range`); the stance table is written chunk by chunk, as CSV
    text made in the workers, after the classifier's cross-validation on the
    labelled documents (:meth:`_Parts.write_stance`).  The per-chunk output
    tables, too, come back from the workers as CSV text
    (:class:`~analysis.pipeline.CsvPiece`), and so do the distinctive terms, one
    outlet at a time (:func:`distinctive_range`).  No sentence x event score and no stance
    or frame row of the whole corpus is ever held at once.  The tables are
    byte for byte those of :func:`build_study` and of the corpus loaded at once.

    Returns
    -------
    list of Path
        The written files, sorted.
    """
    index = path if isinstance(path, CorpusIndex) else index_corpus(path, lexical_only)
    ranges = index.chunks(chunk_size)
    starts, stops = [a for a, _ in ranges], [b for _, b in ranges]
    n_chunks = len(ranges)

    def bar(desc: str, total: int = n_chunks):
        return progress(desc, total) if progress else None

    writer = TableWriter(out, protect=index.root)
    parts = _Parts(index)
    try:
        with make_engine(engine, scheduler, workers) as runner:
            keep = _kept_documents(index)
            for chunk in runner.imap(stream_chunk, [index] * len(ranges), starts, stops, progress=bar("chunks"), keep=keep):
                writer.append(chunk.outputs)
                chunk.outputs = {}
                parts.add(chunk)
            frequencies = parts.frequencies()
            summary = parts.study()
            hand = summary.hand_event_links
            if len(hand):  # the threshold is chosen on the hand-aligned documents' scores alone
                summary.provide(event_scores=score_documents(index, hand["doc_id"], frequencies))
            threshold = float(summary.event_evaluation["threshold"]["threshold"].iloc[0])
            rows, parts.event_rows = parts.event_rows, []
            model = summary.story_model  # the documents clustered into stories, from the chunks' counts
            found = list(
                runner.imap(
                    link_range,
                    [index] * len(ranges),
                    starts,
                    stops,
                    rows,
                    progress=bar("events and stories"),
                    frequencies=frequencies,
                    threshold=threshold,
                    model=model,
                )
            )
            del rows
            summary.provide(stories=combine_pieces(model, [piece for _, piece in found], summary.profile.rules.stemmer))
            events_found = concat_rows([links for links, _ in found]) if summary.has_catalogue else summary.stories["links"]
            summary.provide(events=events_found)
            parts.write_stance(summary, writer, runner, progress=bar("stance"))
            # the largest corpus-level table (outlets x terms x scores) is made one outlet at a time, in the workers
            inputs = distinctive_inputs(summary.word_counts, spread=summary.spread)
            agreement = []
            outlets = list(range(len(inputs["groups"])))
            for piece, agrees in runner.imap(distinctive_range, outlets, progress=bar("distinctive terms", len(outlets)), inputs=inputs):
                writer.append({"distinctive_terms": piece})
                agreement.append(agrees)
            if not outlets:  # one outlet: the table is written without rows, as in memory
                writer.append({"distinctive_terms": empty_distinctive()})
            del inputs
        summary.provide(score_agreement=pd.concat(agreement, ignore_index=True) if agreement else pd.DataFrame())
        names = [name for name in TABLES if name not in (*STREAMED, "distinctive_terms", "stance")]
        for name in bar("corpus tables", len(names))(names) if progress else names:
            writer.append({name: TABLES[name](summary)})
        return writer.commit()
    finally:
        writer.close()
