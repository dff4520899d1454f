"""Allow ``python -m analysis``."""

import sys

from .cli import main

if __name__ == "__main__":  # worker processes of the Dask engine import this module too
    sys.exit(main())
