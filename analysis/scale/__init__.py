"""The speed and scale wing: where a step runs and how fast, never what it computes.

The science modules of :mod:`analysis` define every table; this subpackage
holds the machinery that runs them on large corpora, and nothing in it
changes a table:

* :mod:`analysis.scale.engine`: the chunked and Dask runs of a study
  (which chunk goes where, what a chunk sends back, the tables written as
  chunks arrive);
* :mod:`analysis.scale.process`: the command line's process setup (the
  garbage collector's threshold, in the command line's process and Dask's
  workers only);
* :mod:`analysis.scale.scanner`: lexicon matching that tries each pattern
  only where it can start, and alternations dispatched on the first letter;
* :mod:`analysis.scale.arrow`: token counts and word-form matrices by
  Arrow's RE2 engine, with no Python loop per token;
* :mod:`analysis.scale.batches`: texts cut into slices of bounded size.

Importing this package installs its fast kernels in place of the plain ones
of :mod:`analysis.kernels` (``import analysis`` does it); the science
modules import nothing from here (``tests/test_layout.py``).  Set the
environment variable ``FRAMING_LAB_KERNELS=plain`` to run the plain kernels
instead: ``tests/test_kernels.py`` checks that both give the same tables.
"""

from __future__ import annotations

import os

from .. import kernels
from . import arrow, batches, scanner

if os.environ.get("FRAMING_LAB_KERNELS", "fast") != "plain":
    kernels.install(
        alternation=scanner.dispatched_alternation,
        scanner=scanner.Scanner,
        text_batches=batches.text_batches,
        unigram_matrix=arrow.unigram_matrix,
        count_tokens=arrow.count_tokens,
        normalise_space=arrow.normalise_space,
    )


def tables_with(kernels: str, corpus, out) -> dict[str, bytes]:
    """Run ``python -m analysis run`` on ``corpus`` into ``out`` with the ``"plain"`` or ``"fast"`` kernels; return each table's bytes, by file name.

    A process of its own: the kernels are chosen when the package is
    imported (``FRAMING_LAB_KERNELS``).  ``tests/test_kernels.py`` and
    notebook 08 compare the two.
    """
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "FRAMING_LAB_KERNELS": kernels}
    command = [sys.executable, "-m", "analysis", "run", "--corpus", str(corpus), "--out", str(out)]
    subprocess.run(command, check=True, env=env, capture_output=True, cwd=Path(__file__).resolve().parents[2])
    return {p.name: p.read_bytes() for p in sorted(Path(out).glob("*.csv"))}
