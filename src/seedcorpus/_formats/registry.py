"""The registry of document formats: which there are, and in which order they are asked."""

from __future__ import annotations

import importlib.metadata
import threading
import warnings
from typing import Annotated, Any, Literal, Union

from pydantic import Field, TypeAdapter

from .._models import Document
from .protocol import Format

ENTRY_POINTS = "seedcorpus.formats"
"""The entry-point group through which an installed package adds formats."""

class _Registry:
    """The formats, in order; whether installed packages' have been looked for;
    and a number that every change moves on, by which derived things are cached."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.formats: list[Format] = []
        self.plugins_loaded = False
        self.version = 0


_REGISTRY = _Registry()


def register_format(format_: Format, *, replace: bool = False) -> None:
    """Add a document format; it is asked after those registered before it.

    Raises ``TypeError`` if ``format_`` is not a `Format` instance or
    its model does not fit it, and ``ValueError`` if its kind is taken,
    unless ``replace`` is true: the format of that kind is then replaced,
    in its place (a notebook registering its edited format again).
    """
    with _REGISTRY.lock:
        _check(format_)
        _load_plugins()
        kinds = [known.kind for known in _REGISTRY.formats]
        if format_.kind not in kinds:
            _REGISTRY.formats.append(format_)
        elif replace:
            _REGISTRY.formats[kinds.index(format_.kind)] = format_
        else:
            raise ValueError(f"a format of kind {format_.kind!r} is registered already "
                             "(replace=True replaces it)")
        _REGISTRY.version += 1


def unregister_format(kind: str) -> Format:
    """Remove the format of ``kind`` and return it; ``ValueError`` if there is none."""
    with _REGISTRY.lock:
        format_ = format_of(kind)
        _REGISTRY.formats.remove(format_)
        _REGISTRY.version += 1
        return format_


def _add(format_: Format) -> None:
    """Register an installed package's format (without looking for more of them)."""
    _check(format_)
    if any(known.kind == format_.kind for known in _REGISTRY.formats):
        raise ValueError(f"a format of kind {format_.kind!r} is registered already")
    _REGISTRY.formats.append(format_)
    _REGISTRY.version += 1


def _check(format_: Any) -> None:
    if not isinstance(format_, Format):
        raise TypeError(f"a format must be an instance of seedcorpus.Format, not {format_!r}")
    kind = getattr(format_, "kind", None)
    if not isinstance(kind, str) or not kind.isidentifier():
        raise TypeError(f"{format_!r}: kind must be a name such as 'news', not {kind!r}")
    model = getattr(format_, "model", None)
    if not (isinstance(model, type) and issubclass(model, Document)):
        raise TypeError(f"format {kind!r}: model must be a subclass of seedcorpus.Document, "
                        f"not {model!r}")
    field = model.model_fields["kind"]
    literal: Any = Literal[kind]
    if field.annotation != literal or field.default != kind:
        raise TypeError(f"format {kind!r}: {model.__name__}.kind must be "
                        f"Literal[{kind!r}] = {kind!r}")


def registered() -> tuple[Format, ...]:
    """Every format, in the order they are asked (installed packages' included)."""
    _load_plugins()
    return tuple(_REGISTRY.formats)


def kinds() -> tuple[str, ...]:
    """The kinds of every format, in registry order."""
    return tuple(format_.kind for format_ in registered())


def format_of(kind: str) -> Format:
    """The format of ``kind``; ``ValueError`` naming the known kinds if there is none."""
    for format_ in registered():
        if format_.kind == kind:
            return format_
    raise ValueError(f"no format of kind {kind!r}: the kinds are {', '.join(kinds())}")


def detect(text: str) -> Format | None:
    """The first format that says ``text`` is one of its files."""
    return next((format_ for format_ in registered() if format_.detect(text)), None)


def version() -> int:
    """A number that changes whenever a format is registered."""
    _load_plugins()
    return _REGISTRY.version


def use(formats: tuple[Format, ...], *, plugins_loaded: bool = True) -> None:
    """Make ``formats`` the registry, as they are: a worker process takes its
    parent's (installed packages' included), tests put the registry back as
    it was."""
    with _REGISTRY.lock:
        _REGISTRY.formats[:] = formats
        _REGISTRY.plugins_loaded = plugins_loaded
        _REGISTRY.version += 1


def _load_plugins() -> None:
    """Register the formats of installed packages, once, on first need.

    A plugin that fails to load or register is left out with a warning: one
    broken package must not stop every load.
    """
    if _REGISTRY.plugins_loaded:
        return
    with _REGISTRY.lock:
        if _REGISTRY.plugins_loaded:  # pragma: no cover - another thread was first
            return
        _REGISTRY.plugins_loaded = True
        for entry in importlib.metadata.entry_points(group=ENTRY_POINTS):
            try:
                found = entry.load()
                _add(found() if isinstance(found, type) else found)
            except Exception as error:  # whatever a plugin raises
                warnings.warn(f"seedcorpus: the format {entry.name!r} ({entry.value}) is left "
                              f"out: {type(error).__name__}: {error}", RuntimeWarning,
                              stacklevel=3)


_adapters: dict[int, TypeAdapter[Any]] = {}


def document_adapter() -> TypeAdapter[Any]:
    """Validates a document of any registered kind, chosen by its ``kind``."""
    current = version()
    adapter = _adapters.get(current)
    if adapter is None:
        models = tuple(format_.model for format_ in registered())
        union: Any = models[0] if len(models) == 1 else Annotated[
            Union[models], Field(discriminator="kind")]
        adapter = _adapters[current] = TypeAdapter(union)
    return adapter
