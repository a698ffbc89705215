"""Finding text fields: one walk of the data gives what each pattern names, in order."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from seedcorpus import RepairConfig
from seedcorpus._formats.news.fields import TEXT_FIELDS as NEWS_FIELDS
from seedcorpus._formats.wiki.reader import TEXT_FIELDS as WIKI_FIELDS
from seedcorpus._repair import repair_fields
from seedcorpus._repair.fields import string_fields
from seedcorpus._types import FieldPattern


def reference(data: dict[str, Any], patterns: tuple[FieldPattern, ...]) -> list[Any]:
    """The plain way: each pattern on its own, depth first."""
    def reach(node: Any, pattern: FieldPattern, where: FieldPattern) -> Iterator[Any]:
        head, rest = pattern[0], pattern[1:]
        if head == "*":
            keys: Any = (range(len(node)) if isinstance(node, list)
                         else list(node) if isinstance(node, dict) else ())
        else:
            keys = (head,) if isinstance(node, dict) and head in node else ()
        for key in keys:
            if rest:
                yield from reach(node[key], rest, (*where, key))
            elif isinstance(node[key], str):
                yield node, key, (*where, key)
    return [field for pattern in patterns for field in reach(data, pattern, ())]


def test_fields_come_in_pattern_order_then_data_order() -> None:
    data = {"title": "t", "related": [{"title": "a", "excerpt": "x"}, {"title": "b"}],
            "topics": ["p", 3, "q"], "provider": {"name": None}}
    paths = [where for _, _, where in string_fields(data, NEWS_FIELDS)]
    assert paths == [("title",), ("topics", 0), ("topics", 2), ("related", 0, "title"),
                     ("related", 1, "title"), ("related", 0, "excerpt")]


def test_a_pattern_given_twice_is_followed_once() -> None:
    data = {"a": "x", "b": ["y"]}
    assert string_fields(data, (("b", "*"), ("a",), ("b", "*"))) == [
        (["y"], 0, ("b", 0)), (data, "a", ("a",))]


VALUES = st.recursive(
    st.none() | st.integers() | st.sampled_from(["text", "", "*"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["title", "excerpt", "related", "provider", "name", "images", "topics",
                         "type", "*", "authors", "key_points"]), inner, max_size=4),
    max_leaves=12)
DATA = st.dictionaries(st.sampled_from(["title", "related", "provider", "images", "topics",
                                        "excerpt", "authors", "labels", "cited_by"]),
                       VALUES, max_size=6)


@given(DATA, st.sampled_from([NEWS_FIELDS, WIKI_FIELDS, (("a",), ("a", "*"), ("*",))]))
def test_one_walk_agrees_with_each_pattern_on_its_own(
        data: dict[str, Any], patterns: tuple[FieldPattern, ...]) -> None:
    assert string_fields(data, patterns) == reference(data, patterns)


def test_repair_records_follow_pattern_order_not_walk_order() -> None:
    # The walk meets related[0].excerpt before related[1].title; the records
    # of the changed fields come in the order of the patterns, as string_fields
    # gives them.
    damaged = "caf\u00c3\u00a9"
    data = {"related": [{"title": "fine", "excerpt": damaged}, {"title": damaged}],
            "title": damaged, "topics": [damaged, "fine", damaged]}
    records = repair_fields(data, NEWS_FIELDS, RepairConfig().repair)
    assert [record["field"] for record in records] == [
        "title", "topics.0", "topics.2", "related.1.title", "related.0.excerpt"]
    assert {record["original"] for record in records} == {damaged}
    assert data["related"][0]["excerpt"] == data["title"] == "café"


def _damaged(value: Any) -> Any:
    """``value`` with every "text" in it mis-decoded, so that repair changes it."""
    if isinstance(value, dict):
        return {key: _damaged(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_damaged(inner) for inner in value]
    return "caf\u00c3\u00a9" if value == "text" else value


@given(DATA.map(_damaged))
def test_repair_records_come_in_the_order_of_string_fields(data: dict[str, Any]) -> None:
    expected = [".".join(map(str, where)) for container, key, where
                in string_fields(data, NEWS_FIELDS)
                if RepairConfig().repair(container[key])[0] != container[key]]
    records = repair_fields(data, NEWS_FIELDS, RepairConfig().repair)
    assert [record["field"] for record in records] == expected
