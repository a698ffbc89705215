"""Golden files: real and hand-made inputs beside the results written for them by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from seedcorpus import ParseError, load_corpus, parse_document

from .conftest import DATA, GOLDEN, REPO, SEEDS

SEED_CASES = sorted(GOLDEN.glob("*.json"))
DATA_CASES = sorted(DATA.glob("*.json"))


def _input_for(expected: Path) -> Path:
    (found,) = [path for path in expected.parent.glob(expected.stem + ".*")
                if path.suffix != ".json"]
    return found


def _check(actual: Any, expected: Any, where: str, *, partial: bool) -> None:
    """Compare ``actual`` with ``expected``; ``$``-keys describe long text."""
    if isinstance(expected, dict) and any(key.startswith("$") for key in expected):
        _check_text(actual, expected, where)
    elif isinstance(expected, dict):
        assert isinstance(actual, dict), where
        if not partial:
            assert set(actual) == set(expected), f"{where}: fields differ"
        for key, value in expected.items():
            assert key in actual, f"{where}.{key} missing"
            _check(actual[key], value, f"{where}.{key}", partial=partial)
    elif isinstance(expected, list):
        assert isinstance(actual, list), where
        assert len(actual) == len(expected), f"{where}: {len(actual)} items"
        for index, (left, right) in enumerate(zip(actual, expected, strict=True)):
            _check(left, right, f"{where}.{index}", partial=partial)
    else:
        assert actual == expected, f"{where}: {actual!r} != {expected!r}"


def _check_text(actual: str, spec: dict[str, Any], where: str) -> None:
    assert len(actual) == spec["$length"], where
    assert actual.startswith(spec["$startswith"]), where
    assert actual.endswith(spec["$endswith"]), where
    first, last = spec["$lines_from_file"]
    seed = SEEDS / f"{where.split('.', maxsplit=1)[0]}.txt"
    lines = seed.read_text(encoding="utf-8").split("\n")
    assert actual == "\n".join(lines[first - 1 : last]), where


@pytest.mark.parametrize("expected", SEED_CASES, ids=lambda path: path.stem)
def test_seed_matches_its_golden_file_field_by_field(
        expected: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    (document,) = load_corpus(f"seeds/{expected.stem}.txt")
    golden = json.loads(expected.read_text(encoding="utf-8"))
    _check(document.model_dump(mode="json"), golden, expected.stem, partial=False)


def test_bundled_seeds_are_the_repository_seeds() -> None:
    bundled = load_corpus()
    in_repo = load_corpus(SEEDS)
    assert [doc.source.name for doc in bundled] == [path.name for path in sorted(SEEDS.iterdir())]
    assert ([doc.model_dump(exclude={"source": {"path"}}) for doc in bundled]
            == [doc.model_dump(exclude={"source": {"path"}}) for doc in in_repo])


def test_excerpt_of_002_is_repaired() -> None:
    article = load_corpus().news[1]
    assert article.excerpt.startswith("The UN agency’s recommendations ")


@pytest.mark.parametrize("expected", DATA_CASES, ids=lambda path: path.stem)
def test_hand_made_input(expected: Path) -> None:
    source = _input_for(expected)
    golden = json.loads(expected.read_text(encoding="utf-8"))
    if "document" in golden:
        document = parse_document(source.read_bytes(), name=source.name)
        _check(document.model_dump(mode="json"), golden["document"], source.name, partial=True)
        return
    spec = golden["error"]
    with pytest.raises(ParseError) as caught:
        parse_document(source.read_bytes(), name=source.name)
    error = caught.value
    assert error.stage == spec["stage"]
    assert error.path == source.name
    for key in ("line", "column", "field"):
        if key in spec:
            assert getattr(error, key) == spec[key], key
    assert spec.get("message", "") in error.message
    assert str(error).startswith(source.name + ":")


def test_every_error_case_fails_in_a_directory_walk_and_every_good_file_loads() -> None:
    inputs = sorted(path for path in DATA.iterdir() if path.suffix != ".json")
    corpus = load_corpus(inputs, on_error="collect")
    bad = {path.name for path in DATA.iterdir() if path.name.startswith("err_")
           and path.suffix != ".json"}
    good = {path.name for path in DATA.iterdir() if not path.name.startswith("err_")
            and path.suffix != ".json"}
    assert {Path(error.path or "").name for error in corpus.errors} == bad
    assert len(corpus.errors) == len(bad)
    assert {doc.source.name for doc in corpus} == good
