"""Every code example in the README, the docs and the docstrings runs and says what it shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import seedcorpus

from .conftest import REPO

PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
MODULES = [seedcorpus, *(importlib.import_module(f"seedcorpus.{info.name}")
                         for info in pkgutil.iter_modules(seedcorpus.__path__)
                         if info.name != "__main__")]


@pytest.mark.parametrize("page", PAGES, ids=lambda path: path.name)
def test_examples_in_page(page: Path) -> None:
    result = doctest.testfile(str(page), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__)
def test_examples_in_docstrings(module: object) -> None:
    assert doctest.testmod(module).failed == 0  # type: ignore[arg-type]


def test_every_python_block_in_the_docs_is_an_example() -> None:
    # A ```python block without ">>>" would be shown to readers but never run.
    for page in PAGES:
        blocks = page.read_text(encoding="utf-8").split("```python")[1:]
        for block in blocks:
            assert block.lstrip().startswith(">>>"), page.name
