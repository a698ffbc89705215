"""``python -m seedcorpus``: the same as the ``seedcorpus`` command."""

from ._cli import run

run()
