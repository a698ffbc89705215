"""What both fuzz targets share: libFuzzer's default arguments, and starting it."""

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import atheris


def fuzz(test_one_input: Callable[[bytes], None], name: str) -> None:
    """Fuzz ``test_one_input`` with the command line's libFuzzer arguments.

    Without any: 10 minutes, 2 seconds per input at most, seeded from seeds/
    and tests/data/, what is found kept in a new temporary directory.
    """
    argv = sys.argv
    if len(argv) == 1:
        repository = Path(__file__).resolve().parents[1]
        argv = [argv[0], tempfile.mkdtemp(prefix=f"seedcorpus-{name}-"),
                str(repository / "seeds"), str(repository / "tests" / "data"),
                "-max_total_time=600", "-timeout=2", "-rss_limit_mb=2048"]
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()
