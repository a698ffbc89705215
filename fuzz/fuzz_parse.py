"""Coverage-guided fuzzing of parse_document with atheris (not part of the test run).

Oracle, the same as tests/test_hostile.py: for any bytes, parse_document
returns a document or raises ParseError; a document either writes back with
dumps or dumps says why it cannot (ValueError). Anything else is a finding, and
so is an input that runs longer than libFuzzer's -timeout.

Run (see docs/security.md):

    pip install atheris . && mkdir -p /tmp/seedcorpus-fuzz
    python fuzz/fuzz_parse.py /tmp/seedcorpus-fuzz seeds tests/data \\
        -max_total_time=600 -timeout=2 -rss_limit_mb=2048

The first directory receives the inputs libFuzzer finds; seeds/ and tests/data
are only read.
"""

import sys

import atheris

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


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
