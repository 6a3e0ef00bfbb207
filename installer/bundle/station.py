"""The station bundle's program: the ``screeningroom`` command line (no arguments: the app)."""

import sys

from screeningroom.cli import main

if __name__ == "__main__":
    sys.exit(main())
