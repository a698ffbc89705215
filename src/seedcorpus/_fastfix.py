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

Once that was cheaper, re-encoding the text was the largest cost left: two
byte patterns that re tries at every byte (``ALTERED_UTF8_RE``, searched to
see whether restore_byte_a0 applies, and ``LOSSY_UTF8_RE``, which
replace_lossy_sequences substitutes), 18 of the 60 µs of a damaged excerpt;
and ``possible_encoding(text, "ascii")``, a pattern over the whole text,
asked twice per pass.

This module runs ftfy's own functions, the very code objects, with those
names bound to exact equivalents: ``is_bad`` to :func:`._badness.bad_text_test`
(the same pattern, searched only where a match can be),
``remove_control_chars`` to a version that returns text without a control
character as it is, ``_config_from_kwargs`` to one that returns the
configuration itself, rather than an equal copy, when there are no keyword
arguments, and in ``_fix_encoding_one_step_and_explain`` the modules
``chardata`` and ``fixes`` to copies in which the two byte patterns are
tried only where a match can start (:class:`._starts.StartScan`) and the
ASCII test is ``str.isascii``. Last, ``is_bad`` and each fix remember their
last answer for the very string object they were given (:func:`_remember_last`):
fix_and_explain's second pass, which confirms that nothing more changes,
asks most of them about the object they have just answered for.
ftfy's modules are not changed: the functions
are copies with globals of their own, so ftfy behaves as before for
everybody else.

Every substitution is checked first: the functions must exist and use those
names, ``is_bad`` must be the pattern search, ``remove_control_chars`` the
translation, ``_config_from_kwargs`` the copy, ``replace_lossy_sequences``
the substitution and ``possible_encoding`` the pattern match this was
written against, with the ASCII pattern ``^[\\x00-\\x7f]*$``; both byte
patterns must have starts that re's parse of them vouches for.
If anything differs (another ftfy), :data:`FIX_AND_EXPLAIN` is ftfy's own
``fix_and_explain``.
tests/test_badness.py holds the copies to ftfy's originals on any text.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable
from typing import Any, TypeVar, cast

import ftfy
from ftfy import badness, chardata, fixes

from ._badness import bad_text_test, character_class
from ._starts import StartScan, match_starts

FixAndExplain = Callable[[str, ftfy.TextFixerConfig], ftfy.ExplainedText]
_Result = TypeVar("_Result")


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


def _module_with(module: types.ModuleType, **names: Any) -> types.ModuleType:
    """A copy of ``module`` (a new module object) in which ``names`` are bound to other objects.

    Raises LookupError unless ``module`` has every one of them.
    """
    missing = [name for name in names if not hasattr(module, name)]
    if missing:
        raise LookupError(f"{module.__name__} has no {missing}")
    copy = types.ModuleType(module.__name__, module.__doc__)
    copy.__dict__.update(vars(module), **names)
    return copy


def _possible_encoding(original: Callable[[str, str], bool]) -> Callable[[str, str], bool]:
    """``original`` (chardata's ``possible_encoding``), with ``str.isascii`` for "ascii".

    Its ASCII pattern ``^[\\x00-\\x7f]*$`` matches exactly the text made of
    ASCII alone: ``$`` may also match before a final newline, but what comes
    before it is then ASCII too.
    """
    def possible_encoding(text: str, encoding: str) -> bool:
        return text.isascii() if encoding == "ascii" else original(text, encoding)
    return possible_encoding


_REMEMBERED_LENGTH = 10_000


def _remember_last(function: Callable[[str], _Result]) -> Callable[[str], _Result]:
    """``function``, answering again without a call when given the very string it was last.

    fix_and_explain runs every fix a second time to see that nothing more
    changes. The fixes return the string they were given when they change
    nothing, so on that second pass most of them, and ``is_bad`` before
    them, are asked about the very object they answered for in the first.
    Only for pure functions of the string: the answer is theirs for that
    object, which the memo keeps alive (its id cannot be reused). Strings
    over ``_REMEMBERED_LENGTH`` are not kept, so that a module-level memo
    holds no large text after a load.
    """
    last: tuple[str | None, Any] = (None, None)

    def remembered(text: str) -> _Result:
        nonlocal last
        seen, answer = last  # one tuple: threads see a pair that belongs together
        if text is seen:
            remembered_answer: _Result = answer
            return remembered_answer
        fresh = function(text)
        last = (text, fresh) if len(text) <= _REMEMBERED_LENGTH else (None, None)
        return fresh

    return remembered


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
        lossy, altered = chardata.LOSSY_UTF8_RE, chardata.ALTERED_UTF8_RE
        lossy_starts, altered_starts = match_starts(lossy), match_starts(altered)
        replace_lossy = fixes.replace_lossy_sequences
        ascii_test = chardata.ENCODING_REGEXES["ascii"]
        checks = (
            one_step.__globals__.get("is_bad") is badness.is_bad,
            badness.is_bad.__code__.co_names == ("bool", "BADNESS_RE", "search"),
            badness.is_bad.__globals__["BADNESS_RE"] is badness.BADNESS_RE,
            module.FIXERS["remove_control_chars"] is fixes.remove_control_chars,
            fixes.remove_control_chars.__code__.co_names == ("translate", "CONTROL_CHARS"),
            fixes.remove_control_chars.__globals__["CONTROL_CHARS"] is chardata.CONTROL_CHARS,
            module._config_from_kwargs.__code__.co_names == _CONFIG_FROM_KWARGS_NAMES,
            one_step.__globals__.get("chardata") is chardata,
            one_step.__globals__.get("fixes") is fixes,
            replace_lossy.__code__.co_names == ("LOSSY_UTF8_RE", "sub", "encode"),
            replace_lossy.__globals__["LOSSY_UTF8_RE"] is lossy,
            chardata.possible_encoding.__code__.co_names == ("bool", "ENCODING_REGEXES", "match"),
            ascii_test.pattern == "^[\x00-\x7f]*$" and not ascii_test.flags & re.MULTILINE,
        )
        if not all(checks) or is_bad is None or lossy_starts is None or altered_starts is None:
            return None
        scanned_fixes = _module_with(fixes, replace_lossy_sequences=_rebound(
            replace_lossy, LOSSY_UTF8_RE=StartScan(lossy, lossy_starts)))
        scanned_chardata = _module_with(
            chardata, ALTERED_UTF8_RE=StartScan(altered, altered_starts),
            possible_encoding=_possible_encoding(chardata.possible_encoding))
        fixers = {name: _remember_last(fixer) for name, fixer in
                  {**module.FIXERS, "remove_control_chars": _without_control_chars}.items()}
        config_from_kwargs = _config_as_given(module._config_from_kwargs)
        encoding = _rebound(module.fix_encoding_and_explain,
                            _fix_encoding_one_step_and_explain=_rebound(
                                one_step, is_bad=_remember_last(is_bad), chardata=scanned_chardata,
                                fixes=scanned_fixes),
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
