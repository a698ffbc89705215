"""What a name says before anything is opened: a glob, or a hidden entry."""

_MAGIC = frozenset("*?[")


def is_glob(text: str) -> bool:
    """Whether ``text`` has glob wildcards (``*``, ``?``, ``[``)."""
    return not _MAGIC.isdisjoint(text)


def is_hidden(part: str) -> bool:
    """Whether one path component names a hidden entry (``.git``, ``.DS_Store``).

    Hidden entries are never documents; ``.`` and ``..`` are not hidden.
    """
    return part.startswith(".") and part not in (".", "..")
