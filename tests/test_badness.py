"""The cheaper mojibake test and ftfy's functions run with it: same answers as ftfy's own."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

import ftfy
import pytest
from ftfy import badness, chardata
from hypothesis import example, given, settings
from hypothesis import strategies as st

from seedcorpus import RepairConfig, _badness, _fastfix

from .test_repair import CONFIGS, NEAR_CLEAN

is_bad = _badness.bad_text_test()

# Characters the badness pattern is written in (every literal and every member
# of a small class), so that drawn text matches it often and near its edges.
_PATTERN_CHARS = sorted({chr(code) for code in range(0x20, 0x2200)
                         if re.search(re.escape(chr(code)), badness.BADNESS_RE.pattern)}
                        | set("aZ .,?!\n\t\xa0\u0301"))
MOJIBAKE_RICH = st.text(st.sampled_from(_PATTERN_CHARS), max_size=60)
# Real damage: text encoded as UTF-8 and read in a single-byte encoding.
MISDECODED = st.tuples(st.text(max_size=30), st.sampled_from(
    ["cp1252", "latin-1", "cp1251", "cp1253", "cp1257", "mac_roman", "cp437"])).map(
    lambda pair: pair[0].encode("utf-8").decode(pair[1], "replace"))
# Long clean text around a short damaged piece, so windows sit far apart.
PADDED = st.tuples(MOJIBAKE_RICH, st.integers(0, 300), MOJIBAKE_RICH).map(
    lambda parts: parts[0] + "x " * parts[1] + parts[2])
TEXTS = st.text() | MOJIBAKE_RICH | MISDECODED | PADDED | NEAR_CLEAN


def test_the_installed_ftfy_is_analysed() -> None:
    assert is_bad is not None
    assert _badness.search_reach() == (2, 7)
    assert _fastfix.ACCELERATED
    assert _fastfix.FIX_AND_EXPLAIN is not ftfy.fix_and_explain


@given(TEXTS)
@example("Ã ")             # "^[ÃÂ][ ]": only at the very start
@example("xÃ ")            # "[a-z]\\s?[ÃÂ][ ]"
@example("x Ã ")
@example("x" * 50 + "Ã ")  # a window that does not start at 0
@example("ГўВЂВ x")        # the longest alternative, 7 characters
@example("ГўВЂВ" + "x" * 40 + "ГўВЂВ x")
@example("é" + " " * 20 + "é")
@example("")
def test_windowed_search_agrees_with_is_bad(text: str) -> None:
    assert is_bad is not None
    assert is_bad(text) == badness.is_bad(text)


@settings(max_examples=300)
@given(CONFIGS, TEXTS)
@example(RepairConfig(), "sÃ³ \x08\x7f")
@example(RepairConfig(), "voilÃ le travail")                    # restore_byte_a0
@example(RepairConfig(), "â€œ like this â€\ufffd")                # replace_lossy_sequences
@example(RepairConfig(), "the agencyâ€™s view â€” â€œquotedâ€\ufffd â€¦")
@example(RepairConfig(), "ascii\n")
def test_the_copy_of_fix_and_explain_agrees_with_ftfy(config: RepairConfig, text: str) -> None:
    ftfy_config = config._ftfy_config
    assert _fastfix.FIX_AND_EXPLAIN(text, ftfy_config) == ftfy.fix_and_explain(text, ftfy_config)


@given(TEXTS)
def test_control_characters_are_removed_as_ftfy_does(text: str) -> None:
    assert _fastfix._without_control_chars(text) == ftfy.fixes.remove_control_chars(text)


@given(TEXTS)
@example("ascii\n")
@example("é\n")
@example("\n")
def test_possible_encoding_is_chardatas(text: str) -> None:
    possible_encoding = _fastfix._possible_encoding(chardata.possible_encoding)
    for encoding in ("ascii", "latin-1", "sloppy-windows-1252"):
        assert possible_encoding(text, encoding) == chardata.possible_encoding(text, encoding)


def test_the_last_answer_is_given_again_for_the_very_same_string() -> None:
    calls: list[str] = []

    def upper(text: str) -> str:
        calls.append(text)
        return text.upper()

    remembered = _fastfix._remember_last(upper)
    text = "".join(["mo", "jibake"])
    assert remembered(text) == remembered(text) == "MOJIBAKE"
    assert len(calls) == 1
    equal = "".join(["moji", "bake"])  # equal, but another object: asked again
    assert remembered(equal) == "MOJIBAKE"
    assert remembered("other") == "OTHER"
    assert calls == [text, equal, "other"]
    long = "x" * (_fastfix._REMEMBERED_LENGTH + 1)
    assert remembered(long) == remembered(long) == long.upper()
    assert calls[-2:] == [long, long]  # not kept: asked each time


def test_a_module_copy_binds_only_names_the_module_has() -> None:
    copy = _fastfix._module_with(chardata, possible_encoding=str.isascii)
    assert copy.possible_encoding is str.isascii
    assert copy.CONTROL_CHARS is chardata.CONTROL_CHARS
    assert chardata.possible_encoding is not str.isascii
    with pytest.raises(LookupError):
        _fastfix._module_with(chardata, no_such_name=1)


def test_ftfy_itself_is_left_as_it_was() -> None:
    one_step = ftfy._fix_encoding_one_step_and_explain
    assert one_step.__globals__["is_bad"] is badness.is_bad
    assert one_step.__globals__["chardata"] is chardata
    assert one_step.__globals__["fixes"] is ftfy.fixes
    assert isinstance(chardata.ALTERED_UTF8_RE, re.Pattern)
    assert ftfy.fixes.replace_lossy_sequences.__globals__["LOSSY_UTF8_RE"] is (
        chardata.LOSSY_UTF8_RE)
    assert ftfy.FIXERS["remove_control_chars"] is ftfy.fixes.remove_control_chars
    assert ftfy.fix_and_explain.__globals__["_config_from_kwargs"] is ftfy._config_from_kwargs


def test_the_configuration_is_copied_only_to_replace_something() -> None:
    config = RepairConfig()._ftfy_config
    config_from_kwargs = _fastfix._config_as_given(ftfy._config_from_kwargs)
    assert config_from_kwargs(config, {}) is config
    assert config_from_kwargs(config, {"fix_encoding": False}) == ftfy._config_from_kwargs(
        config, {"fix_encoding": False})


@pytest.mark.parametrize(("pattern", "reach"), [
    ("é|b[é]c", (1, 2)),
    ("^[é] |x[é]", (1, 2)),
    ("(?:x?)y[é]|[ü]", (2, 1)),
    ("[é]\\s\\w[^a]|ab[ü]", (2, 4)),
    ("[é](?:a|bc)(d)e{2}|[ü]", (0, 6)),
    ("^[é]|\\A[ü]", (0, 1)),
    # Each alternation below has anchors; one operator in it is not local.
    ("[é](?=x)|[ü]", None),      # lookahead: sees past the match
    ("(?<=x)[é]|[ü]", None),     # lookbehind: sees before it
    ("[é]\\b|[ü]", None),        # a word boundary looks at the next character
    ("[é]$|[ü]", None),
    ("(?m)^[é]|[ü]", None),      # ^ after every newline
    ("[é]x*|[ü]", None),         # unbounded
    ("[é]x{100}|[ü]", None),     # too wide to gain anything
    ("[é]([a])\\1|[ü]", None),   # a backreference
    ("[é](?:a|\\b)|[ü]", None),  # ...inside an alternation,
    ("[é](\\b)|[ü]", None),      # a group,
    ("[é](?:a\\b){2}|[ü]", None),  # or a repetition
    ("[é]|x", None),             # an alternative without an anchor
])
def test_search_reach_accepts_local_patterns_only(pattern: str,
                                                  reach: tuple[int, int] | None) -> None:
    assert _badness.search_reach(re.compile(pattern)) == reach


@pytest.mark.parametrize("pattern", [
    "[é]|x",         # an alternative without a non-ASCII character
    "[é]x",          # not an alternation
    "[é]|\\wé?",     # "\\w" is a category, not a known set
    "[é]|[^a]",      # a negated class
])
def test_patterns_the_analysis_cannot_vouch_for(pattern: str) -> None:
    assert _badness.bad_text_test(re.compile(pattern)) is None


@pytest.mark.parametrize("text", [
    "é ", " é ", "xé", "a" * 30 + "xé", "üaü", "üü", "é" + "a" * 9 + "üaü", "üa" * 20,
    "é" * 10, "", "abcdeö", "abcdö", "zzabcdeö", "ñabcde", "ñabcd", "ñabcde" + "z" * 20,
    "z" * 20 + "ñabcd" + "z" * 20 + "abcdeö", "ñ" + "z" * 4 + "abcdeö",
])
def test_a_local_pattern_is_searched_in_windows(text: str) -> None:
    # Anchors at the start, the end and the middle of their matches.
    pattern = re.compile("^[é] |x[é]|[ü]a[ü]|abcde[ö]|[ñ]abcde")
    test = _badness.bad_text_test(pattern)
    assert test is not None
    assert test(text) == bool(pattern.search(text))


def _fake_ftfy(without: str = "", **changes: Any) -> SimpleNamespace:
    names = ["fix_and_explain", "fix_encoding_and_explain",
             "_fix_encoding_one_step_and_explain", "_try_fix", "FIXERS", "_config_from_kwargs"]
    return SimpleNamespace(**{name: getattr(ftfy, name) for name in names
                              if name != without} | changes)


def test_assembled_from_the_installed_ftfy() -> None:
    assert _fastfix.assemble(_fake_ftfy()) is not None


@pytest.mark.parametrize("changes", [
    {"_try_fix": None},                                         # not a function
    {"FIXERS": {}},                                             # no remove_control_chars
    {"FIXERS": {**ftfy.FIXERS, "remove_control_chars": str}},   # another one
    {"fix_and_explain": ftfy.fix_text},                         # calls neither name
    {"_fix_encoding_one_step_and_explain": ftfy.fix_text},      # does not use is_bad
    {"_config_from_kwargs": ftfy.fix_text},                     # another helper
])
def test_any_other_ftfy_gets_ftfy_itself(changes: dict[str, Any]) -> None:
    assert _fastfix.assemble(_fake_ftfy(**changes)) is None


def test_an_ftfy_without_one_of_the_functions_gets_ftfy_itself() -> None:
    assert _fastfix.assemble(_fake_ftfy(without="_try_fix")) is None


@pytest.mark.parametrize(("module", "name", "value"), [
    (chardata, "LOSSY_UTF8_RE", re.compile(b"\\w+")),      # no start vouched for
    (chardata, "ALTERED_UTF8_RE", re.compile(b"(?i)a")),
    (chardata, "ENCODING_REGEXES", {"ascii": re.compile("(?m)^[\x00-\x7f]*$")}),
    (ftfy.fixes, "replace_lossy_sequences", bytes),            # another transcoder
    (chardata, "possible_encoding", str.startswith),           # another test
])
def test_an_ftfy_with_other_encoding_helpers_gets_ftfy_itself(
        monkeypatch: pytest.MonkeyPatch, module: Any, name: str, value: Any) -> None:
    monkeypatch.setattr(module, name, value)
    assert _fastfix.assemble(_fake_ftfy()) is None
