"""py3langid's model cut to the languages planner chooses from, shipped so detection starts fast.

    identifier(languages) -> a py3langid ``LanguageIdentifier`` choosing among ``languages``
    cut(languages)        -> the arrays of the cut model, made from py3langid's own
    build(path)           -> write the cut model file (``python -m planner.language_model``)

py3langid ships its model as 4.6 MB of xz that unpack to 68 MB: unpacking takes 0.4-1 s in
every process that detects a language (a ``plan`` or ``week`` with the user's own titles or
notes in English captions). planner weighs only ``planner.language.CANDIDATES``, so the cut
keeps py3langid's feature automaton whole and, of its per-language weights, only those
languages' columns, in py3langid's order: the same numbers in the same order, so every score
is the same to the last bit (tests/test_language_model.py checks this against the installed
py3langid). Stored as a zip-compressed npz (2.7 MB) in ``templates/language/langid.npz``; it
loads in well under a tenth of a second.

Edges: a missing or unreadable file, one cut for other languages than asked, or a py3langid
whose identifier no longer takes these arrays fall back to py3langid's own model (the same
results, the old start-up time). After upgrading py3langid, rebuild the file: the test then
says whether its model changed.
"""

from __future__ import annotations

import io
import os
import zipfile
from array import array
from collections.abc import Sequence
from pathlib import Path
from typing import Any

FILE = "language/langid.npz"
#: The arrays of a model, as py3langid's model file names them.
KEYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
_TYPECODES = {2: "H", 4: "I", 8: "L"}


def _path() -> Path:
    from planner.resources import templates_dir

    return templates_dir() / FILE


def identifier(languages: Sequence[str], path: Path | None = None) -> Any:
    """A py3langid identifier over ``languages`` with probabilities normalised, from the cut
    model at ``path`` (default: the shipped one), else from py3langid's own model."""
    found = _from_cut(path or _path(), languages)
    if found is None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        found = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    found.set_languages(list(languages))
    return found


def _from_cut(path: Path, languages: Sequence[str]) -> Any | None:
    """The identifier of the cut model at ``path``, or None when it cannot serve ``languages``."""
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {key: data[key] for key in KEYS}
        classes = [str(c) for c in arrays["classes"]]
        if set(classes) != set(languages):
            return None
        return LanguageIdentifier(
            arrays["ptc"],
            arrays["pc"],
            classes,
            _stdlib_array(arrays["nextmove"]),
            arrays["out_feat"].tolist(),
            norm_probs=True,
            tk_row=_stdlib_array(arrays["nextmove_row"]),
        )
    except (OSError, KeyError, ValueError, TypeError, zipfile.BadZipFile):
        return None


def _stdlib_array(values: Any) -> array[int]:
    """An unsigned NumPy array as the stdlib array py3langid walks its automaton with."""
    import numpy as np

    out = array(_TYPECODES[values.dtype.itemsize])
    out.frombytes(np.ascontiguousarray(values).data.cast("B"))
    return out


def cut(languages: Sequence[str]) -> dict[str, Any]:
    """py3langid's model arrays, with the per-language ones cut to ``languages`` (every
    column of a language listed twice, as Serbian is), in py3langid's own column order."""
    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, row, output = _raw_model(MODEL_DIR / MODEL_FILE, load_model)
    wanted = set(languages)
    missing = wanted - set(classes)
    if missing:
        raise ValueError(f"py3langid has no model for {sorted(missing)}")
    columns = [i for i, c in enumerate(classes) if c in wanted]
    return {
        "ptc": np.ascontiguousarray(np.asarray(ptc)[:, columns]),
        "pc": np.asarray(pc)[columns],
        "classes": np.array([classes[i] for i in columns]),
        "nextmove": nextmove,
        "nextmove_row": row,
        "out_feat": np.asarray(output, dtype=np.int32),
    }


def _raw_model(path: Path, load_model: Any) -> tuple[Any, ...]:
    """py3langid's model arrays with the automaton as NumPy arrays again (its loader turns
    them into stdlib arrays of the same item size)."""
    import numpy as np

    ptc, pc, classes, nextmove, row, output = load_model(path)
    automaton = [np.frombuffer(a, dtype=a.typecode) for a in (nextmove, row)]
    return ptc, pc, classes, *automaton, output


def build(path: Path | None = None) -> Path:
    """Write the cut model for ``planner.language.CANDIDATES`` (the same bytes each time)."""
    import numpy as np

    from planner.language import CANDIDATES

    target = path or _path()
    arrays = cut(CANDIDATES)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for key in KEYS:
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asarray(arrays[key]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, member.getvalue(), compresslevel=9)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.part")
    tmp.write_bytes(buffer.getvalue())
    os.replace(tmp, target)
    return target


if __name__ == "__main__":
    print(build())
