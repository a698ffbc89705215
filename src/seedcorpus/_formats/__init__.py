"""Document formats: the `Format` protocol, the registry, and the two built in.

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
    unregister_format,
    use,
    version,
)
from .wiki import WIKI

# The two built in, first: asked before any installed package's (registering
# them does not look for those: the first use of the registry does).
use((NEWS, WIKI), plugins_loaded=False)

__all__ = ["ENTRY_POINTS", "NEWS", "WIKI", "Format", "Parsed", "detect", "document_adapter",
           "format_of", "kinds", "register_format", "registered", "unregister_format", "use",
           "version"]
