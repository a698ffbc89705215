"""The package's imports run one way: no module imports one that imports it back.

Every import counts, at the top of a module, inside a function or under
``if TYPE_CHECKING:``: a cycle is a design that has lost its direction,
whether or not Python happens to run it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import seedcorpus

PACKAGE = Path(seedcorpus.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, name: str, modules: set[str]) -> set[str]:
    """The seedcorpus modules ``path`` (module ``name``) imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in modules else base)
    return {module for module in found if module in modules and module != name}


def _graph() -> dict[str, set[str]]:
    paths = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: _imports(path, name, set(paths)) for name, path in paths.items()}


def test_the_import_graph_has_no_cycle() -> None:
    graph = _graph()
    assert len(graph) > 30
    state: dict[str, str] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = "visiting"
        for imported in sorted(graph[module]):
            if state.get(imported) == "visiting":
                cycle = [*trail[trail.index(imported):], imported]
                raise AssertionError("import cycle: " + " -> ".join(cycle))
            if imported not in state:
                visit(imported, [*trail, imported])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def test_the_stages_import_downwards() -> None:
    # A stage may import the stages below it, never one above.
    layers = [
        ["seedcorpus._types", "seedcorpus._errors", "seedcorpus._accel",
         "seedcorpus._accel.fastyaml", "seedcorpus._accel.settled",
         "seedcorpus._accel.fieldsets", "seedcorpus._optional", "seedcorpus._version",
         "seedcorpus._paths"],
        ["seedcorpus._limits", "seedcorpus._models"],
        ["seedcorpus._sources", "seedcorpus._formats", "seedcorpus._repair"],
        ["seedcorpus._document"],
        ["seedcorpus._accel.wire", "seedcorpus._export"],
        ["seedcorpus._corpus"],
        ["seedcorpus._load"],
        ["seedcorpus._cli", "seedcorpus.dask", "seedcorpus.strategies",
         "seedcorpus.frontmatter"],
    ]
    rank = {}
    for level, prefixes in enumerate(layers):
        for prefix in prefixes:
            rank[prefix] = level

    def level_of(module: str) -> int:
        best = max((prefix for prefix in rank
                    if module == prefix or module.startswith(prefix + ".")), key=len)
        return rank[best]

    for module, imported in _graph().items():
        if module in ("seedcorpus", "seedcorpus.__main__"):
            continue  # the package's face, and the command's: above everything
        for target in imported:
            assert level_of(target) <= level_of(module), f"{module} imports {target}"


def test_the_graph_sees_imports_wherever_they_are(tmp_path: Path) -> None:
    source = tmp_path / "module.py"
    source.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                      "    from . import b\n\ndef f():\n    from .c import x\n", encoding="utf-8")
    assert _imports(source, "pkg.module", {"pkg.b", "pkg.c", "pkg.module"}) == {"pkg.b", "pkg.c"}
