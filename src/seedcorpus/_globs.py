"""Telling a glob from a plain path."""

_MAGIC = frozenset("*?[")


def is_glob(text: str) -> bool:
    """Whether ``text`` has glob wildcards (``*``, ``?``, ``[``)."""
    return not _MAGIC.isdisjoint(text)
