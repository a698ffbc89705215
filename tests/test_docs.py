"""Every code example in the README, the docs and the docstrings runs and says what it shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import seedcorpus
from seedcorpus import _formats as formats

from .conftest import REPO

PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
MODULES = [seedcorpus, *(importlib.import_module(info.name)
                         for info in pkgutil.walk_packages(seedcorpus.__path__, "seedcorpus.")
                         if not info.name.endswith("__main__"))]


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.name)
def test_examples_in_page(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # docs/formats.md imports its example format from tests/recipe_format.py.
    monkeypatch.syspath_prepend(str(REPO / "tests"))
    saved = formats.registered()
    try:
        result = doctest.testfile(str(page), module_relative=False,
                                  optionflags=doctest.ELLIPSIS)
    finally:
        formats.use(saved)
    assert result.failed == 0


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__)
def test_examples_in_docstrings(module: object) -> None:
    assert doctest.testmod(module).failed == 0  # type: ignore[arg-type]


def test_every_python_block_in_the_docs_is_an_example() -> None:
    # A ```python block without ">>>" would be shown to readers but never run;
    # a ```py block shows a file of the repository, which the tests run.
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for block in text.split("```python")[1:]:
            assert block.lstrip().startswith(">>>"), page.name
        for block in text.split("```py\n")[1:]:
            included = re.match(r'--8<-- "([^"]+)"\n```', block)
            assert included, page.name
            assert (REPO / included.group(1)).is_file(), included.group(1)
