"""framing-lab: compare how outlets frame the same events, traceably.

Data flow: raw text -> documents (:mod:`analysis.corpus`) -> segments,
paragraphs, sentences and quote spans (:mod:`analysis.segments`) -> tables
(:mod:`analysis.pipeline`) -> figures (:mod:`analysis.plots`).  Large corpora
are read in chunks (:mod:`analysis.reader`) and run chunk by chunk, locally
or on Dask (:mod:`analysis.engine`), with the same tables.
"""

from .config import SEED
from .corpus import LAYERS, OWN_VOICE, Corpus, read_text
from .engine import build_study, stream_tables
from .errors import CorpusError, Problem
from .pipeline import Study, load_study, write_tables
from .reader import index_corpus, iter_chunks, load_corpus, validate

__all__ = [
    "LAYERS",
    "OWN_VOICE",
    "SEED",
    "Corpus",
    "CorpusError",
    "Problem",
    "Study",
    "build_study",
    "index_corpus",
    "iter_chunks",
    "load_corpus",
    "load_study",
    "read_text",
    "stream_tables",
    "validate",
    "write_tables",
]
