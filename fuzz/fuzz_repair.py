"""Coverage-guided differential fuzzing of repair with atheris (not part of the test run).

Oracle, the same as tests/test_badness.py and tests/test_repair.py: for any
text, the windowed mojibake test answers as ftfy's ``badness.is_bad``, the
copy of ``fix_and_explain`` returns what ftfy's own does, and
``RepairConfig.repair`` (every shortcut on) equals ``repair_with_ftfy``.
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
    import ftfy
    from ftfy import badness

    from seedcorpus import RepairConfig
    from seedcorpus._badness import bad_text_test
    from seedcorpus._fastfix import FIX_AND_EXPLAIN

IS_BAD = bad_text_test()
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
    assert IS_BAD is not None
    assert IS_BAD(text) == badness.is_bad(text), text
    ftfy_config = CONFIG._ftfy_config
    assert FIX_AND_EXPLAIN(text, ftfy_config) == ftfy.fix_and_explain(text, ftfy_config), text
    assert CONFIG.repair(text) == CONFIG.repair_with_ftfy(text), text


if __name__ == "__main__":
    fuzz(test_one_input, "fuzz-repair")
