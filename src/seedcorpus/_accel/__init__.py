"""seedcorpus's shortcuts: code that exists only for speed, fenced off here.

Each shortcut sits behind a plain implementation that is its specification,
and is tested against it (or against an outside library) on real, hand-made
and generated input. Each was kept because it gains at least 5% end to end
on the real development corpora (docs/performance.md says what each buys;
benchmarks/RESULTS.md how it was measured):

=========== ======================================= ==============================
shortcut    what it does                            the plain path, its reference
=========== ======================================= ==============================
fastyaml    reads the plain subset of YAML that     the event-based loader
            front matter is written in, in one      (``_formats/news/yaml.py``)
            regular expression
settled     lets text ftfy cannot change (printable ftfy itself, on every string
            ASCII, correct typography) skip ftfy
wire        sends a news document's fields from a   the fields and the file's
            worker as JSON text, validated from it  bytes, pickled, validated as a
                                                    dict
fieldsets   one ``model_fields_set`` per shape of   pydantic's own: one set per
            model, shared by its documents          model
=========== ======================================= ==============================

``SEEDCORPUS_PURE=1`` in the environment switches every shortcut off (CI runs
the whole test suite both ways); a comma-separated list of names switches off
those alone (the benchmarks measure each shortcut so). It is read once, when
seedcorpus is imported.
"""

from __future__ import annotations

import os
import warnings

SHORTCUTS = ("fastyaml", "settled", "wire", "fieldsets")


def _switched_off(setting: str) -> frozenset[str]:
    setting = setting.strip()
    if setting in ("", "0"):
        return frozenset()
    if setting == "1":
        return frozenset(SHORTCUTS)
    names = frozenset(name.strip() for name in setting.split(",") if name.strip())
    unknown = sorted(names.difference(SHORTCUTS))
    if unknown:
        warnings.warn(f"SEEDCORPUS_PURE names no shortcut {unknown}: the shortcuts are "
                      f"{', '.join(SHORTCUTS)}", RuntimeWarning, stacklevel=2)
    return names & frozenset(SHORTCUTS)


OFF = _switched_off(os.environ.get("SEEDCORPUS_PURE", ""))
FASTYAML = "fastyaml" not in OFF
SETTLED = "settled" not in OFF
WIRE = "wire" not in OFF
FIELDSETS = "fieldsets" not in OFF
