"""framing-lab: compare how outlets frame the same events, traceably.

Data flow: raw text -> documents (:mod:`analysis.corpus`) -> segments,
paragraphs, sentences and quote spans (:mod:`analysis.segments`) -> tables
(:mod:`analysis.pipeline`) -> figures (:mod:`analysis.plots`).
"""

from .config import SEED
from .corpus import LAYERS, OWN_VOICE, Corpus, load_corpus, read_text, validate
from .errors import CorpusError, Problem
from .pipeline import Study, load_study, write_tables

__all__ = [
    "LAYERS",
    "OWN_VOICE",
    "SEED",
    "Corpus",
    "CorpusError",
    "Problem",
    "Study",
    "load_corpus",
    "load_study",
    "read_text",
    "validate",
    "write_tables",
]
