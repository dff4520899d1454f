"""The repository's paths and the random seed: one home for both, no logic.

The paths locate the repository's own study (its corpus in ``data/``, its
notebooks, its reports) for the command line's defaults, the notebooks and
the tests.  No science function reads them: a corpus's inputs come from its
profile (:mod:`analysis.profile`), a language's from the package's data
(:mod:`analysis.language`), so an installed package needs neither.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
REPORTS_DIR = PROJECT_ROOT / "reports"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"

#: Seed for every resampling and model in the study (the Ankara meeting's date).
SEED = 20221114
