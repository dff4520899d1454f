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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from .corpus import Corpus
from .events import stem_document_frequencies
from .pipeline import Study
from .stream import CorpusIndex, index_corpus, read_chunk
from .terms import GroupCounts

#: Study tables computed chunk by chunk (each depends on one document at a time).
PER_DOCUMENT = ("units", "quotes", "cues", "naming_matches", "stance_rules", "frame_items", "persuasion")
#: Study counts computed chunk by chunk and added up (:class:`~analysis.terms.GroupCounts`).
PER_CHUNK_COUNTS = ("word_counts", "stem_counts")
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
    return ChunkResult(study.corpus, tables, stem_document_frequencies(texts), len(texts))


def score_chunk(result: ChunkResult, frequencies: tuple[pd.Series, int]) -> pd.DataFrame:
    """Event scores of one chunk's sentences, with the corpus-wide stem frequencies."""
    study = Study.from_tables(result.corpus, result.tables)
    from .events import event_scores

    return event_scores(study.event_sentences, study.event_catalogue, frequencies)


def add_frequencies(results: Iterable[tuple[pd.Series, int]]) -> tuple[pd.Series, int]:
    """Sum the stem document frequencies and sentence counts of chunks."""
    results = list(results)
    series = [f for f, _ in results if len(f)]
    total = pd.concat(series).groupby(level=0).sum().astype("int64") if series else pd.Series(dtype="int64")
    return total.rename("df"), int(sum(n for _, n in results))


def _concat(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate chunk tables (empty ones only when all are empty, to keep the column types)."""
    full = [f for f in frames if len(f)]
    return pd.concat(full or list(frames[:1]), ignore_index=True)


def combine(index: CorpusIndex, results: Sequence[ChunkResult], scores: Sequence[pd.DataFrame]) -> Study:
    """Build the whole corpus's :class:`Study` from its chunks' tables."""
    docs = _concat([r.corpus.documents for r in results])
    annotations = _concat([r.corpus.annotations for r in results])
    corpus = Corpus(name=index.name, documents=docs, outlets=index.outlets, annotations=annotations, root=index.root)
    tables: dict = {}
    for name in PER_DOCUMENT:
        parts = [r.tables[name] for r in results]
        tables[name] = {key: _concat([p[key] for p in parts]) for key in parts[0]} if isinstance(parts[0], dict) else _concat(parts)
    for name in PER_CHUNK_COUNTS:
        tables[name] = GroupCounts.combine([r.tables[name] for r in results])
    tables["event_scores"] = _concat(scores)
    return Study.from_tables(corpus, tables)


class LocalEngine:
    """Run chunks one after the other in this process."""

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def map(self, fn: Callable, *args, progress=None, **kwargs) -> list:
        """``[fn(*a, **kwargs) for a in zip(*args)]``, in order, wrapped in ``progress``."""
        items = list(zip(*args))
        return [fn(*a, **kwargs) for a in (progress(items) if progress else items)]


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
        """Submit ``fn`` over ``zip(*args)``; return the results in order (progress as they complete)."""
        from dask.distributed import as_completed

        kwargs = {k: self.client.scatter([v], broadcast=True)[0] for k, v in kwargs.items()}
        shared = [self.client.scatter([a[0]], broadcast=True)[0] if _constant(a) else a for a in args]
        columns = [[s] * len(args[-1]) if not isinstance(s, list) else s for s in shared]
        futures = self.client.map(fn, *columns, pure=False, **kwargs)
        done = as_completed(futures)
        for _ in progress(done) if progress else done:
            pass
        return self.client.gather(futures)


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


def build_study(
    path,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    progress: Callable[[str, int], Callable] | None = None,
) -> Study:
    """Compute the per-document tables of a corpus chunk by chunk and return its :class:`Study`.

    Parameters
    ----------
    path : path-like or CorpusIndex
        Corpus folder, ``.jsonl`` or ``.parquet`` file (see :mod:`analysis.stream`).
    chunk_size : int
        Documents per chunk (the unit of work and of memory on a worker).
    engine, scheduler, workers
        See :func:`make_engine`.
    progress : callable, optional
        ``progress(description, total)`` returns a wrapper for an iterable
        (e.g. a ``tqdm`` factory), one per pass.

    Returns
    -------
    Study
        With the per-document tables filled in; the corpus-level tables are
        computed on first use, as for :func:`~analysis.pipeline.load_study`.
    """
    index = path if isinstance(path, CorpusIndex) else index_corpus(path)
    ranges = index.chunks(chunk_size)
    starts, stops = [a for a, _ in ranges], [b for _, b in ranges]
    bar = (lambda desc: progress(desc, len(ranges))) if progress else (lambda desc: None)
    with make_engine(engine, scheduler, workers) as runner:
        results = runner.map(process_chunk, [index] * len(ranges), starts, stops, progress=bar("chunks"))
        frequencies = add_frequencies((r.frequencies, r.n_sentences) for r in results)
        scores = runner.map(score_chunk, results, progress=bar("event scores"), frequencies=frequencies)
    return combine(index, results, scores)
