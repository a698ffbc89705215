"""The fast front-matter reader never changes an answer: it agrees with the full loader."""

from __future__ import annotations

import contextlib

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from seedcorpus._accel.fastyaml import load_simple
from seedcorpus._errors import ParseError
from seedcorpus._formats.news.yaml import load_mapping
from seedcorpus.strategies import news_files

from .conftest import DATA, SEEDS, real_news_files


def front_matter(text: str) -> str:
    return text.split("\n---", 1)[0].removeprefix("---\n")


def assert_agrees(text: str, max_depth: int = 32) -> bool:
    """True if the fast reader took ``text``; fails if it took it and got it wrong."""
    fast = load_simple(text, max_depth)
    if fast is None:
        return False
    assert fast == load_mapping(text, first_line=2, max_depth=max_depth)[0]
    return True


def test_fast_reader_reads_every_real_and_seed_file() -> None:
    files = [*real_news_files(), SEEDS / "000_b494c12b6cc522b8.txt",
             SEEDS / "002_7ae3a81e5f7e2936.txt"]
    for path in files:
        assert assert_agrees(front_matter(path.read_text(encoding="utf-8"))), path.name


def test_fast_reader_agrees_on_hand_made_inputs() -> None:
    for path in sorted(DATA.glob("news_*.md")):
        text = path.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n")
        try:
            assert_agrees(front_matter(text))
        except ParseError:
            assert load_simple(front_matter(text), 32) is None


@given(news_files())
def test_fast_reader_agrees_on_generated_files(text: str) -> None:
    assert_agrees(front_matter(text))


_LINE = st.one_of(
    st.sampled_from(["a: b", "a:", "- x", "- a: b", "  - a: b", "    c: d", "b: \"q\\\"x\"",
                     "c: ~", "d: null", "e: 'single'", "f: [1, 2]", "g: {a: b}", "# note",
                     "h: x # c", "i: x: y", "j: -", "k: - x", "l: |", "m: &a x", "n: *a",
                     "o: !t x", "p: \"\\x41\\u00e9\\U0001F600\\N\"", "q: \"bad \\q\"", "---",
                     "...", "  ", "r:  spaced", "s: \"unterminated", "-", "- - x", "t:x",
                     "u: \"\\ud800\"", "v: \"a\tb\"", "w: %x", "x: ? y", "y: \"\\/\""]),
    st.tuples(st.sampled_from(["", "  ", "    ", " "]),
              st.sampled_from(["k", "- k", "- ", "k2"]),
              st.sampled_from([": ", ":", ": \"", " "]),
              st.text(max_size=8)).map("".join),
)


@given(st.lists(_LINE, max_size=12).map("\n".join))
@example("a: 1\na: 2")
@example("a:\n  b:\n    c:\n      d: e")
@example("a:\n- x\n- y\nb: z")
@example("a: x\n  continued")
@example("a: b\n")  # the text's own last newline, and none (above)
@example("a: b  ")
@example("a:\n  ")
@example("a: b\n\n  \n")
@example("a:\n- x  ")
def test_fast_reader_agrees_on_yaml_like_text(text: str) -> None:
    try:
        load_mapping(text, first_line=2, max_depth=4)
    except ParseError:
        assert load_simple(text, 4) is None
    else:
        assert_agrees(text, max_depth=4)


def test_fast_reader_takes_every_form_of_the_subset() -> None:
    # Declining is always safe, so a fast reader that declined everything would
    # pass every test above: this pins what it must take.
    text = "\n".join([
        'title: "Quoted, with \\"escapes\\" \\u00e9 and a: colon"',
        'empty: ""',
        "plain: https://example.com/a:b?c=d#frag",
        "spaced: words  with   spaces",
        "nothing:",
        "tilde: ~",
        "dash: -1",
        "",
        "provider:",
        "  name: 中国日报网",
        "  images:",
        "    - url: x",
        "      width: 3",
        "topics:",
        "- AI",
        "-   Machine Learning",
        "related:",
        "  -   title: t",
        "      items:",
        "        - a",
        "  - title: u   ",
    ])
    assert assert_agrees(text)
    assert load_simple(text, 32) == {
        "title": 'Quoted, with "escapes" é and a: colon', "empty": "",
        "plain": "https://example.com/a:b?c=d#frag", "spaced": "words  with   spaces",
        "nothing": None, "tilde": None, "dash": "-1",
        "provider": {"name": "中国日报网", "images": [{"url": "x", "width": "3"}]},
        "topics": ["AI", "Machine Learning"],
        "related": [{"title": "t", "items": ["a"]}, {"title": "u"}],
    }


def test_fast_reader_declines_what_it_does_not_read() -> None:
    # Each of these is read by the full loader (or refused with its position);
    # the fast reader must leave them to it.
    for text in [
        "a: 1\n- x",                                  # an item where a key belongs
        "a:\n  b: 1\n  - c",                          # the same, inside a mapping
        "a:\n  b:\n    c:\n      d:\n        - x",   # a sequence past max_depth=4
        "a:\n  b:\n    c:\n      d:\n        e: x",  # a mapping past max_depth=4
        "a:\n- x\n  y: 1",                            # a deeper line inside a sequence
        "a:\n- x\n  - y",                             # a plain scalar continued
        'a: "\\q"',                                   # an escape YAML does not have
        'a: "\\ud800"',                               # an escaped surrogate
        "a: x\n\tb: y",                               # a tab
        "a: x # comment",                             # a comment
    ]:
        assert load_simple(text, 4) is None, text
        # The full loader reads it, or refuses it with a position (ParseError).
        with contextlib.suppress(ParseError):
            load_mapping(text, first_line=2, max_depth=4)


# Words that some YAML dialect or another reads as null, and near misses.
_NULLISH = st.sampled_from(["", "~", "null", "Null", "NULL", "none", "None", "NONE", "nil",
                            "nUll", "~~", "null ", "Nil", "-", "'null'", '"null"', "[]"])


@given(st.one_of(_NULLISH, st.text(st.characters(min_codepoint=0x41, max_codepoint=0x7A),
                                   max_size=6)))
def test_both_readers_read_null_where_pyyaml_does(scalar: str) -> None:
    # The oracle is PyYAML's own resolver (its core schema nulls), which
    # shares no table with either reader.
    text = f"a: {scalar}\n"
    try:
        expected = yaml.safe_load(text)
    except yaml.YAMLError:
        return
    if not isinstance(expected, dict):
        return
    oracle_null = expected["a"] is None
    full = load_mapping(text, first_line=2, max_depth=32)[0]["a"]
    assert (full is None) == oracle_null, scalar
    fast = load_simple(text, 32)
    if fast is not None:
        assert (fast["a"] is None) == oracle_null, scalar
