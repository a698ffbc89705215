"""Coverage-guided differential fuzzing of repair with atheris (not part of the test run).

Oracle, the same as tests/test_repair.py: for any text,
``RepairConfig.repair`` (with the ``settled`` shortcut) equals
``repair_with_ftfy`` (every string given to ftfy), and repair is idempotent.
Any difference is a finding. ftfy is instrumented too, so that inputs reach
its branches, not only ours.

Run from the repository, with atheris and seedcorpus installed
(``pip install atheris .``; see docs/security.md):

    python fuzz/fuzz_repair.py

which fuzzes for 10 minutes, seeded from seeds/ and tests/data/, keeping what
it finds in a temporary directory. Any libFuzzer arguments given replace those
defaults, as for fuzz_parse.py.
"""

import atheris
from _harness import fuzz

with atheris.instrument_imports(include=["seedcorpus", "ftfy"]):
    from seedcorpus import RepairConfig

CONFIG = RepairConfig()
# UTF-8 read as one of the encodings mojibake comes from, so that inputs
# carry the character pairs the badness pattern looks for.
ENCODINGS = ("cp1252", "latin-1", "cp1251", "cp1253", "mac_roman", "cp437")


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    encoding = ENCODINGS[provider.ConsumeIntInRange(0, len(ENCODINGS) - 1)] if (
        provider.ConsumeBool()) else None
    text = provider.ConsumeUnicodeNoSurrogates(len(data))
    if encoding is not None:
        text = text.encode("utf-8").decode(encoding, "replace")
    repaired = CONFIG.repair(text)
    assert repaired == CONFIG.repair_with_ftfy(text), text
    assert CONFIG.repair(repaired[0]) == (repaired[0], []), text


if __name__ == "__main__":
    fuzz(test_one_input, "fuzz-repair")
