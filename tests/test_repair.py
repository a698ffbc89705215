"""Repair: the shortcut for clean text never changes an answer, and repair is fix_text."""

from __future__ import annotations

import ftfy
from hypothesis import example, given
from hypothesis import strategies as st

from seedcorpus import RepairConfig

CONFIGS = st.builds(
    RepairConfig, unescape_html=st.sampled_from([True, False, "auto"]),
    uncurl_quotes=st.booleans(), fix_line_breaks=st.booleans(),
    remove_control_chars=st.booleans(), fix_encoding=st.booleans(),
    normalization=st.sampled_from([None, "NFC", "NFD", "NFKC", "NFKD"]))

# Text made mostly of what the shortcut accepts, so both of its branches run.
NEAR_CLEAN = st.text(st.sampled_from(list("ab Z09.,'\"&<>;#\t\n\r’‘“”–—…•€©×£Ã\u2028\x1b\x85\x92")))


@given(CONFIGS, st.text() | NEAR_CLEAN)
@example(RepairConfig(), "The agencyâ€™s “quoted” text – fine")
@example(RepairConfig(normalization="NFKC"), "wait…")
@example(RepairConfig(uncurl_quotes=True), "it’s")
@example(RepairConfig(), "&amp;")
@example(RepairConfig(unescape_html=False), "&amp;")
def test_the_shortcut_agrees_with_ftfy(config: RepairConfig, text: str) -> None:
    assert config.repair(text) == config.repair_with_ftfy(text)


@given(st.text() | NEAR_CLEAN)
@example("<b>a &amp; b</b>\nH&#038;M")  # after a line with "<", fix_text stops unescaping
@example("line one â€™\nline two &amp;")
def test_repair_is_ftfy_fix_text_with_the_config(text: str) -> None:
    config = RepairConfig()
    repaired, _ = config.repair(text)
    once = ftfy.fix_text(text, config._ftfy_config)
    # Equal to fix_text, except where fix_text itself is not yet at a fixed point.
    assert repaired == once or repaired == config.repair(once)[0]
