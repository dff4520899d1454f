"""framing-lab: compare how outlets frame the same events, traceably.

Data flow: raw text -> documents (:mod:`analysis.corpus`) -> segments,
paragraphs, sentences and quote spans (:mod:`analysis.segments`) -> tables
(:mod:`analysis.pipeline`) -> figures (:mod:`analysis.plots`).  These science
modules define every table.  The speed and scale wing (:mod:`analysis.scale`)
runs them on large corpora, chunk by chunk, locally or on Dask, with the same
tables, and installs faster equal kernels (:mod:`analysis.kernels`).

One road to the tables: ``load_study(path)`` reads a corpus at once;
``load_study(path, chunk_size=500, engine="dask")`` computes the same study
chunk by chunk, on a cluster; ``write_tables(study, out)`` writes them, and
``python -m analysis run`` streams them to disk for corpora too large to hold.
"""

from .config import SEED
from .corpus import LAYERS, OWN_VOICE, Corpus, read_text
from .errors import CorpusError, Problem
from .pipeline import Study, write_tables
from .reader import index_corpus, iter_chunks, load_corpus, validate
from .scale.engine import load_study, stream_tables  # importing analysis.scale installs the fast kernels

__all__ = [
    "LAYERS",
    "OWN_VOICE",
    "SEED",
    "Corpus",
    "CorpusError",
    "Problem",
    "Study",
    "index_corpus",
    "iter_chunks",
    "load_corpus",
    "load_study",
    "read_text",
    "stream_tables",
    "validate",
    "write_tables",
]
