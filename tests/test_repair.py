"""Repair: the shortcut for clean text never changes an answer, and repair is fix_text."""

from __future__ import annotations

import ftfy
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from seedcorpus import RepairConfig, _accel
from seedcorpus._accel import settled as _untouched

CONFIGS = st.builds(
    RepairConfig, unescape_html=st.sampled_from([True, False, "auto"]),
    uncurl_quotes=st.booleans(), fix_line_breaks=st.booleans(),
    remove_control_chars=st.booleans(), fix_encoding=st.booleans(),
    fix_c1_controls=st.booleans(), fix_latin_ligatures=st.booleans(),
    fix_character_width=st.booleans(), fix_surrogates=st.booleans(),
    remove_terminal_escapes=st.booleans(),
    normalization=st.sampled_from([None, "NFC", "NFD", "NFKC", "NFKD"]))

# Text made mostly of what the shortcuts accept, so all of their branches run:
# typography, scripts ftfy never suspects (CJK, Hangul, Greek, Devanagari),
# combining marks, full-width forms, ligatures, and characters of mojibake.
NEAR_CLEAN = st.text(st.sampled_from(list(
    "ab Z09.,'\"&<>;#\t\n\r’‘“”–—…•€©×£Ã\u2028\x1b\x85\x92"
    "中国日报网아크로팬αλφαक्षि\u0301\u0327\uff21\uff71ﬁĲé€\ufffd\u200d")))
# Ampersands with and without entities around them, for unescape_html.
ENTITIES = st.lists(st.sampled_from(["&", "&amp;", "&#038;", "&#x26;", "&lt;", "<", "Q&A", "amp;",
                                     "&AMP;", "&nbsp;", "&bogus;", " ", "x", "é", "\n"]),
                    max_size=8).map("".join)


@given(CONFIGS, st.text() | NEAR_CLEAN | ENTITIES)
@example(RepairConfig(), "The agencyâ€™s “quoted” text – fine")
@example(RepairConfig(normalization="NFKC"), "wait…")
@example(RepairConfig(uncurl_quotes=True), "it’s")
@example(RepairConfig(), "&amp;")
@example(RepairConfig(unescape_html=False), "&amp;")
@example(RepairConfig(), "中国日报网 – 아크로팬")
@example(RepairConfig(normalization="NFD"), "아크로팬")
@example(RepairConfig(), "e\u0301")
@example(RepairConfig(), "caf\u00c3\u00a9 &lt;b&gt;\nnext")  # repair adds a "<"
@example(RepairConfig(), "caf\u00c3\u00a9\rline\u2028two\x85")  # repair adds line breaks
@example(RepairConfig(), "â€œquotedâ€\ufffd\nâ€™")
def test_the_shortcuts_agree_with_ftfy(config: RepairConfig, text: str) -> None:
    assert config.repair(text) == config.repair_with_ftfy(text)


@given(st.text() | NEAR_CLEAN | ENTITIES)
@example("<b>a &amp; b</b>\nH&#038;M")  # after a line with "<", fix_text stops unescaping
@example("line one â€™\nline two &amp;")
def test_repair_is_ftfy_fix_text_with_the_config(text: str) -> None:
    config = RepairConfig()
    repaired, _ = config.repair(text)
    once = ftfy.fix_text(text, config._ftfy_config)
    # Equal to fix_text, except where fix_text itself is not yet at a fixed point.
    assert repaired == once or repaired == config.repair(once)[0]


@given(CONFIGS, st.text() | NEAR_CLEAN | ENTITIES)
@example(RepairConfig(), "中国日报网")
@example(RepairConfig(), "Printable ASCII, the shortest way through")
@example(RepairConfig(unescape_html=False), "a &amp; b")
def test_text_passed_as_untouched_is_left_alone_by_ftfy(config: RepairConfig,
                                                          text: str) -> None:
    if config._settled(text):
        assert ftfy.fix_text(text, config._ftfy_config) == text


def test_the_shortcut_clears_typography_and_nothing_ftfy_may_change() -> None:
    # The installed ftfy has the fixes the shortcut was reasoned for: if a new
    # ftfy adds one, this fails, loudly (the shortcut then clears nothing).
    assert _untouched.FIXES_KNOWN
    config = RepairConfig()
    for text in ["Printable ASCII", "plain – text “quoted” it’s…", "tabs\tand\nlines"]:
        assert config._settled(text), text
    for text in ["café", "中国日报网", "a &amp; b", "line\r", "sÃ³", "e\u0301", "\x1b[31m",
                 "wait\x85", "Q&A"]:
        assert not config._settled(text), text  # these go to ftfy
    assert not RepairConfig(normalization="NFKC")._settled("wait…")
    assert not RepairConfig(uncurl_quotes=True)._settled("it’s")
    # Printable ASCII: "&" is cleared only with HTML left alone.
    assert not config._settled("AT&amp;T")
    assert RepairConfig(unescape_html=False)._settled("AT&amp;T")


def test_with_the_shortcut_off_every_string_goes_to_ftfy(
        monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = ftfy.fix_and_explain

    def spy(text: str, config: ftfy.TextFixerConfig) -> ftfy.ExplainedText:
        calls.append(text)
        return real(text, config)

    monkeypatch.setattr(ftfy, "fix_and_explain", spy)
    monkeypatch.setattr(_accel, "SETTLED", True)
    config = RepairConfig()
    assert config.repair("plain text") == ("plain text", [])
    assert calls == []
    monkeypatch.setattr(_accel, "SETTLED", False)
    assert config.repair("plain text") == ("plain text", [])
    assert calls == ["plain text"]
