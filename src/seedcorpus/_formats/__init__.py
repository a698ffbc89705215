"""Document formats: the :class:`Format` protocol, the registry, and the two built in.

News and wiki register like any other format; an installed package adds
one through the ``seedcorpus.formats`` entry-point group.
"""

from __future__ import annotations

from .news import NEWS
from .protocol import Format, Parsed
from .registry import (
    ENTRY_POINTS,
    detect,
    document_adapter,
    format_of,
    kinds,
    register_format,
    registered,
    use,
    version,
)
from .wiki import WIKI

register_format(NEWS)
register_format(WIKI)

__all__ = ["ENTRY_POINTS", "NEWS", "WIKI", "Format", "Parsed", "detect", "document_adapter",
           "format_of", "kinds", "register_format", "registered", "use", "version"]
