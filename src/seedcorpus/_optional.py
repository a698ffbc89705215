"""Optional dependencies, imported only when a feature needs them."""

from __future__ import annotations

import importlib
from typing import Any


def require(module: str, extra: str, feature: str) -> Any:
    """Import an optional dependency, or say which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ImportError(f"{feature} needs {module.split('.', maxsplit=1)[0]}: "
                          f"pip install 'seedcorpus[{extra}]'") from error
