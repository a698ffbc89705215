"""Coverage-guided fuzzing of parse_document with atheris (not part of the test run).

Oracle, the same as tests/test_hostile.py: for any bytes, parse_document
returns a document or raises ParseError; a document either writes back with
dumps or dumps says why it cannot (ValueError). Anything else is a finding, and
so is an input that runs longer than libFuzzer's -timeout.

Run from the repository, with atheris and seedcorpus installed
(``pip install atheris .``; see docs/security.md):

    python fuzz/fuzz_parse.py

which fuzzes for 10 minutes, seeded from seeds/ and tests/data/, keeping what
it finds in a temporary directory. Any libFuzzer arguments given replace those
defaults, e.g. ``python fuzz/fuzz_parse.py corpus-dir seeds tests/data
-max_total_time=3600 -timeout=2``.
"""

import atheris
from _harness import fuzz

with atheris.instrument_imports(include=["seedcorpus"]):
    from seedcorpus import ParseError, dumps, parse_document


def test_one_input(data: bytes) -> None:
    try:
        document = parse_document(data)
    except ParseError:
        return
    try:
        dumps(document)
    except ValueError as error:
        if "cannot be written" not in str(error):
            raise


if __name__ == "__main__":
    fuzz(test_one_input, "fuzz")
