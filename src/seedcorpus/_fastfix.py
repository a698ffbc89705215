"""ftfy's ``fix_and_explain``, run with two of its checks made cheaper.

On a damaged string ftfy spends three quarters of its time in
``badness.is_bad``: it asks once before repairing and twice more to confirm
that the result is clean, and each time one large regular expression is tried
at every position. It also removes control characters with ``str.translate``
over a dict, a lookup per character even when there is nothing to remove.

This module runs ftfy's own functions, the very code objects, with those two
names bound to exact equivalents: ``is_bad`` to :func:`._badness.bad_text_test`
(the same pattern, searched only where a match can be) and
``remove_control_chars`` to a version that returns text without a control
character as it is. ftfy's module is not changed: the functions are copies
with globals of their own, so ftfy behaves as before for everybody else.

Every substitution is checked first: the functions must exist and use those
names, ``is_bad`` must be the pattern search and ``remove_control_chars`` the
translation this was written against. If anything differs (another ftfy),
:data:`FIX_AND_EXPLAIN` is ftfy's own ``fix_and_explain``.
tests/test_badness.py holds the copies to ftfy's originals on any text.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any, cast

import ftfy
from ftfy import badness, chardata, fixes

from ._badness import bad_text_test, character_class

FixAndExplain = Callable[[str, ftfy.TextFixerConfig], ftfy.ExplainedText]


def _rebound(function: Any, **names: Any) -> Any:
    """A copy of ``function`` that finds ``names`` bound to other objects.

    Raises LookupError unless the function's code uses every one of them.
    """
    code = function.__code__
    missing = set(names) - set(code.co_names)
    if missing:
        raise LookupError(f"{function.__qualname__} uses no {sorted(missing)}")
    copy = types.FunctionType(code, {**function.__globals__, **names}, function.__name__,
                              function.__defaults__, function.__closure__)
    copy.__kwdefaults__ = function.__kwdefaults__
    return copy


_CONTROL_CHARS = character_class(chardata.CONTROL_CHARS).search


def _without_control_chars(text: str) -> str:
    """``fixes.remove_control_chars``, skipping the translation when it would do nothing."""
    return text.translate(chardata.CONTROL_CHARS) if _CONTROL_CHARS(text) else text


def assemble(module: Any = ftfy) -> FixAndExplain | None:
    """``module.fix_and_explain`` with the cheaper checks, or ``None`` if unsafe."""
    is_bad = bad_text_test()
    try:
        one_step = module._fix_encoding_one_step_and_explain
        checks = (
            is_bad is not None,
            one_step.__globals__.get("is_bad") is badness.is_bad,
            badness.is_bad.__code__.co_names == ("bool", "BADNESS_RE", "search"),
            badness.is_bad.__globals__["BADNESS_RE"] is badness.BADNESS_RE,
            module.FIXERS["remove_control_chars"] is fixes.remove_control_chars,
            fixes.remove_control_chars.__code__.co_names == ("translate", "CONTROL_CHARS"),
            fixes.remove_control_chars.__globals__["CONTROL_CHARS"] is chardata.CONTROL_CHARS,
        )
        if not all(checks):
            return None
        fixers = {**module.FIXERS, "remove_control_chars": _without_control_chars}
        encoding = _rebound(module.fix_encoding_and_explain,
                            _fix_encoding_one_step_and_explain=_rebound(one_step, is_bad=is_bad))
        return cast(FixAndExplain, _rebound(module.fix_and_explain,
                                            fix_encoding_and_explain=encoding,
                                            _try_fix=_rebound(module._try_fix, FIXERS=fixers)))
    except (AttributeError, KeyError, LookupError, TypeError):
        return None


_ASSEMBLED = assemble()
FIX_AND_EXPLAIN: FixAndExplain = _ASSEMBLED or ftfy.fix_and_explain
"""What repair calls on text no shortcut clears: the copy, or ftfy's own."""
ACCELERATED = _ASSEMBLED is not None
