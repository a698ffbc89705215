"""ftfy's ``fix_and_explain``, run with three of its helpers made cheaper.

On a damaged string ftfy spends three quarters of its time in
``badness.is_bad``: it asks once before repairing and twice more to confirm
that the result is clean, and each time one large regular expression is tried
at every position. It also removes control characters with ``str.translate``
over a dict, a lookup per character even when there is nothing to remove.
And each call of ``fix_and_explain`` or ``fix_encoding_and_explain`` copies
its configuration (``_config_from_kwargs``: ``config._replace(**kwargs)``),
a 16-field namedtuple rebuilt field by field even with no keyword arguments,
three times per damaged string.

This module runs ftfy's own functions, the very code objects, with those
names bound to exact equivalents: ``is_bad`` to :func:`._badness.bad_text_test`
(the same pattern, searched only where a match can be),
``remove_control_chars`` to a version that returns text without a control
character as it is, and ``_config_from_kwargs`` to one that returns the
configuration itself, rather than an equal copy, when there are no keyword
arguments. ftfy's module is not changed: the functions are copies
with globals of their own, so ftfy behaves as before for everybody else.

Every substitution is checked first: the functions must exist and use those
names, ``is_bad`` must be the pattern search, ``remove_control_chars`` the
translation and ``_config_from_kwargs`` the copy this was written against.
If anything differs (another ftfy), :data:`FIX_AND_EXPLAIN` is ftfy's own
``fix_and_explain``.
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


def _config_as_given(original: Any) -> Any:
    """``original`` (ftfy's ``_config_from_kwargs``), skipped when there is nothing to replace."""
    def config_from_kwargs(config: ftfy.TextFixerConfig,
                           kwargs: dict[str, Any]) -> ftfy.TextFixerConfig:
        return original(config, kwargs) if kwargs else config
    return config_from_kwargs


# What ftfy's _config_from_kwargs refers to: a warning for a renamed argument,
# then config._replace(**kwargs), an equal copy when kwargs is empty.
_CONFIG_FROM_KWARGS_NAMES = ("warnings", "warn", "DeprecationWarning", "copy", "_replace")


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
            module._config_from_kwargs.__code__.co_names == _CONFIG_FROM_KWARGS_NAMES,
        )
        if not all(checks):
            return None
        fixers = {**module.FIXERS, "remove_control_chars": _without_control_chars}
        config_from_kwargs = _config_as_given(module._config_from_kwargs)
        encoding = _rebound(module.fix_encoding_and_explain,
                            _fix_encoding_one_step_and_explain=_rebound(one_step, is_bad=is_bad),
                            _config_from_kwargs=config_from_kwargs)
        return cast(FixAndExplain, _rebound(module.fix_and_explain,
                                            fix_encoding_and_explain=encoding,
                                            _try_fix=_rebound(module._try_fix, FIXERS=fixers),
                                            _config_from_kwargs=config_from_kwargs))
    except (AttributeError, KeyError, LookupError, TypeError):
        return None


_ASSEMBLED = assemble()
FIX_AND_EXPLAIN: FixAndExplain = _ASSEMBLED or ftfy.fix_and_explain
"""What repair calls on text no shortcut clears: the copy, or ftfy's own."""
ACCELERATED = _ASSEMBLED is not None
