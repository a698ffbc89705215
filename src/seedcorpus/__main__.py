"""``python -m seedcorpus``: the same as the ``seedcorpus`` command."""

import sys

from ._cli import main

sys.exit(main())
