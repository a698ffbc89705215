"""A third format, registered like news and wiki, runs through the whole surface.

tests/recipe_format.py is that format (recipe cards), and the example of
docs/formats.md. It is installed here the way a package would install it:
a module, and a distribution's entry point in the ``seedcorpus.formats``
group, which the command line, run in a process of its own, finds.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pyarrow.parquet as pq
import pytest

import seedcorpus
from seedcorpus import (
    Corpus,
    Document,
    Format,
    Limits,
    Parsed,
    ParseError,
    arrow_schema,
    dumps,
    json_schema,
    load_corpus,
    parse_document,
    register_format,
    unregister_format,
)
from seedcorpus import _formats as formats

from .conftest import DATA, REPO, SEEDS

TESTS = REPO / "tests"
CARD = """%recipe
Title: Pancakes
Serves: 4

- 2 eggs
- 250 ml milk

Whisk everything, then fry in a hot pan.
"""
DAMAGED = CARD.replace("Pancakes", "CrÃªpes")  # UTF-8 read as Windows-1252
BAD_VALUE = CARD.replace("Serves: 4", "Serves: many")
BAD_LAYOUT = CARD.replace("Title:", "Name:")


def _install(root: Path, entry: str = "recipe = recipe_format:RECIPE") -> Path:
    """The recipe format as an installed package: its module, and a distribution
    whose entry point names it."""
    plugin = root / "plugin"
    plugin.mkdir(exist_ok=True)
    shutil.copy(TESTS / "recipe_format.py", plugin / "recipe_format.py")
    info = plugin / "recipe_cards-1.0.dist-info"
    info.mkdir(exist_ok=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: recipe-cards\nVersion: 1.0\n",
                                   encoding="utf-8")
    (info / "entry_points.txt").write_text(f"[seedcorpus.formats]\n{entry}\n",
                                           encoding="utf-8")
    return plugin


@pytest.fixture
def recipe(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The recipe format, registered in this process; the registry put back after."""
    saved = formats.registered()  # installed packages are looked for once, and now
    plugin = _install(tmp_path)
    monkeypatch.syspath_prepend(str(plugin))
    module = importlib.import_module("recipe_format")
    register_format(module.RECIPE)
    try:
        yield module
    finally:
        formats.use(saved)
        sys.modules.pop("recipe_format", None)


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """News, wiki pages and recipe cards in one directory, a few of them bad."""
    root = tmp_path / "mixed"
    root.mkdir()
    for path in [*SEEDS.iterdir(), DATA / "news_minimal.md", DATA / "wiki_minimal.txt",
                 DATA / "err_news_quality_eighty.md"]:
        shutil.copy(path, root / path.name)
    for name, text in (("pancakes.txt", CARD), ("crepes.txt", DAMAGED),
                       ("bad_value.txt", BAD_VALUE), ("bad_layout.txt", BAD_LAYOUT)):
        (root / name).write_text(text, encoding="utf-8")
    return root


def _cli(plugin: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(plugin), os.environ.get("PYTHONPATH", "")]), "COLUMNS": "120"}
    return subprocess.run([sys.executable, "-m", "seedcorpus", *args], capture_output=True,
                          text=True, env=environment, timeout=120, check=False)


# -- loading -----------------------------------------------------------------------


def test_a_registered_format_loads_beside_the_others(recipe: Any, mixed: Path) -> None:
    corpus = load_corpus(mixed, on_error="collect")
    assert repr(corpus) == "<Corpus: 3 news, 2 wiki, 2 recipe, 3 errors>"
    cards = corpus.of_kind("recipe")
    assert [card.title for card in cards] == ["Crêpes", "Pancakes"]  # repaired, and recorded
    assert all(isinstance(card, recipe.Recipe) for card in cards)
    [repair] = cards[0].source.repairs
    assert (repair.field, repair.original) == ("title", "CrÃªpes")
    assert cards[1].ingredients == ["2 eggs", "250 ml milk"]
    assert cards[1].serves == 4
    errors = {Path(error.path or "").name: str(error).removeprefix(f"{error.path}:")
              for error in corpus.errors}
    assert errors == {
        "bad_layout.txt": "2:1: parse: line 2 must read 'Title: ...'",
        "bad_value.txt": "3:9: validate: serves: Input should be a valid integer, unable to "
                         "parse string as an integer",
        "err_news_quality_eighty.md": "7:10: validate: quality: Input should be a valid "
                                      "integer, unable to parse string as an integer",
    }


@pytest.mark.parametrize("workers", [2, 3])
def test_workers_load_it_too(recipe: Any, mixed: Path, workers: int) -> None:
    one = load_corpus(mixed, on_error="collect")
    many = load_corpus(mixed, on_error="collect", workers=workers)
    assert list(many) == list(one)
    assert [str(error) for error in many.errors] == [str(error) for error in one.errors]


def test_workers_started_afresh_are_given_the_formats_of_their_parent(
        recipe: Any, mixed: Path, tmp_path: Path) -> None:
    # Registered at run time in the parent, not installed: a spawned worker
    # knows it only because the parent sends it its formats.
    script = tmp_path / "spawned.py"
    script.write_text(f"""
import multiprocessing, sys
sys.path.insert(0, {str(TESTS)!r})
if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    import seedcorpus
    from recipe_format import RECIPE
    seedcorpus.register_format(RECIPE)
    corpus = seedcorpus.load_corpus({str(mixed)!r}, on_error="collect", workers=2)
    print(repr(corpus))
""", encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "<Corpus: 3 news, 2 wiki, 2 recipe, 3 errors>"


def test_parse_and_dumps(recipe: Any) -> None:
    card = parse_document(CARD, name="pancakes.txt")
    assert isinstance(card, recipe.Recipe)
    assert dumps(card) == CARD
    assert parse_document(dumps(card)) == card.model_copy(
        update={"source": parse_document(dumps(card)).source})
    with pytest.raises(ParseError, match=r"none of news .*, wiki .*, recipe \('%recipe' on "
                                         r"line 1\)"):
        parse_document("plain prose")


# -- every export, and its round trip ------------------------------------------------


def test_every_export_holds_every_kind(recipe: Any, mixed: Path, tmp_path: Path) -> None:
    corpus = load_corpus(mixed, on_error="skip")
    records = corpus.to_records()
    assert {record["kind"] for record in records} == {"news", "wiki", "recipe"}
    path = tmp_path / "all.jsonl"
    assert corpus.to_jsonl(path) == len(corpus)
    assert list(Corpus.from_jsonl(path)) == list(corpus)
    schema = arrow_schema()
    assert {"serves", "ingredients", "method"} <= set(schema.names)
    assert str(schema.field("serves").type) == "int64"
    table = corpus.to_arrow()
    assert table.schema == schema
    recipes = [row for row in table.to_pylist() if row["kind"] == "recipe"]
    assert [row["ingredients"] for row in recipes] == [["2 eggs", "250 ml milk"]] * 2
    assert list(corpus.to_pandas()["kind"]) == [doc.kind for doc in corpus]
    assert corpus.to_hf_dataset().num_rows == len(corpus)
    # and every way back
    assert Corpus.from_records(records) == corpus
    assert Corpus.from_arrow(table) == corpus
    assert Corpus.from_pandas(corpus.to_pandas()) == corpus
    assert corpus.to_parquet(tmp_path / "all.parquet") == len(corpus)
    assert Corpus.from_parquet(tmp_path / "all.parquet") == corpus
    assert corpus.filter(lambda doc: doc.kind == "recipe") == corpus.of_kind("recipe")
    assert json_schema("recipe")["title"] == "Recipe"
    assert set(json_schema()["discriminator"]["mapping"]) == {"news", "wiki", "recipe"}


# -- the command line, in a process of its own: the format comes as a package's ---------


def test_the_command_line_finds_an_installed_format(tmp_path: Path, mixed: Path) -> None:
    plugin = _install(tmp_path)
    summary = _cli(plugin, "summary", str(mixed))
    assert summary.returncode == 1
    assert "recipe pancakes         ----------  Pancakes" in summary.stdout
    assert "\n7 documents (3 news, 2 wiki, 2 recipe), 3 errors\n" in summary.stdout
    validate = _cli(plugin, "validate", str(mixed))
    assert validate.returncode == 1
    assert f"{mixed / 'bad_value.txt'}:3:9: validate: serves: " in validate.stdout
    show = _cli(plugin, "show", str(mixed / "pancakes.txt"))
    assert json.loads(show.stdout)["serves"] == 4
    schema = _cli(plugin, "schema", "recipe")
    assert json.loads(schema.stdout)["title"] == "Recipe"
    for suffix in (".jsonl", ".parquet", ".csv"):
        out = tmp_path / f"out{suffix}"
        exported = _cli(plugin, "export", str(mixed), "-o", str(out))
        assert exported.returncode == 1  # three documents failed
        assert exported.stdout.startswith("wrote 7 documents")
    assert pq.read_table(tmp_path / "out.parquet").column("kind").to_pylist().count("recipe") == 2


def test_an_installed_format_whose_kind_is_taken_is_left_out(tmp_path: Path) -> None:
    plugin = _install(tmp_path, entry="news = recipe_format:NEWS_AGAIN")
    (plugin / "recipe_format.py").write_text(
        (TESTS / "recipe_format.py").read_text(encoding="utf-8")
        + "\nfrom seedcorpus._formats.news import NewsFormat\nNEWS_AGAIN = NewsFormat()\n",
        encoding="utf-8")
    result = _cli(plugin, "summary")
    assert "the format 'news' (recipe_format:NEWS_AGAIN) is left out: ValueError: a format " \
           "of kind 'news' is registered already" in result.stderr
    assert result.returncode == 0


def test_a_broken_plugin_is_left_out_with_a_warning(tmp_path: Path) -> None:
    plugin = _install(tmp_path, entry="broken = recipe_format:NO_SUCH_NAME")
    result = _cli(plugin, "summary")
    assert result.returncode == 0
    assert "RuntimeWarning: seedcorpus: the format 'broken' (recipe_format:NO_SUCH_NAME) is " \
           "left out: AttributeError" in result.stderr
    assert "3 documents (2 news, 1 wiki), 0 errors" in result.stdout


# -- what register_format checks --------------------------------------------------------


class _NotAFormat:
    kind = "odd"


class _Odd(Document):
    kind: Literal["odd"] = "odd"


class _OddFormat(Format):
    kind = "odd"
    model = _Odd

    def detect(self, text: str) -> bool:
        return text == "odd"

    def parse(self, text: str, *, path: str | None, limits: Limits) -> Parsed:
        return Parsed({})

    def dump(self, document: Any) -> str:
        return "odd"


class _Mismatched(_OddFormat):
    kind = "other"


class _Unnamed(_OddFormat):
    kind = "not a name"


class _NoModel(_OddFormat):
    model = dict  # type: ignore[assignment]


def test_register_format_checks_what_it_is_given() -> None:
    saved = formats.registered()
    try:
        with pytest.raises(TypeError, match=r"an instance of seedcorpus\.Format"):
            register_format(_NotAFormat())  # type: ignore[arg-type]
        with pytest.raises(TypeError, match="kind must be a name"):
            register_format(_Unnamed())
        with pytest.raises(TypeError, match=r"model must be a subclass of seedcorpus\.Document"):
            register_format(_NoModel())
        with pytest.raises(TypeError, match=r"_Odd.kind must be Literal\['other'\] = 'other'"):
            register_format(_Mismatched())
        odd = _OddFormat()
        register_format(odd)
        assert formats.kinds() == ("news", "wiki", "odd")
        with pytest.raises(ValueError, match="registered already"):
            register_format(_OddFormat())
        again = _OddFormat()
        register_format(again, replace=True)
        assert formats.format_of("odd") is again
        assert parse_document("odd").kind == "odd"
        assert unregister_format("odd") is again
        with pytest.raises(ValueError, match="no format of kind 'odd'"):
            unregister_format("odd")
        assert repr(odd) == "<_OddFormat 'odd'>"
    finally:
        formats.use(saved)
    assert seedcorpus.load_corpus().of_kind("news")
