"""French inclusive writing (écriture inclusive) read before machine translation.

``militant·e·s``, ``défenseur·e·s``, ``arrêté·e·s``, ``citoyen.ne.s`` or ``militant(e)s`` are no
words to an engine: Apertium cuts them at the dot and translates the pieces (``militant·and·s``,
``arrêté·and·s``). Before drafting, each such word is read as its first form with the plural
kept (``militant·e·s`` -> ``militants``, ``tou·te·s`` -> ``tous``, ``acteur·rice·s`` ->
``acteurs``): English and German targets lose nothing (*activists*), and a Spanish translator
who wants the doubled form (*defensores y defensoras*) writes it; the choice is documented in
docs/engines.md. The source text itself is never changed.
"""

from __future__ import annotations

import re
from typing import Final

# A word followed by one or more inclusive endings, each after a middle dot (· • ‧ ⋅), or after a
# full stop when the ending is one French inclusive writing uses (.e, .es, .ne, .rice, .s ...).
_DOT_ENDINGS: Final = r"(?:e|es|s|ne|nes|te|tes|le|les|rice|rices|ice|ices|euse|euses|sse|sses|ve|ves|se|ses)"
_INCLUSIVE_RE: Final = re.compile(
    rf"(?<![\w·•‧⋅.])([^\W\d_]{{2,}})((?:[·•‧⋅][^\W\d_]+)+|(?:\.{_DOT_ENDINGS}(?![^\W\d_]))+|\((?:e|ne|te|rice|euse)\)s?)"
    rf"(?![\w·•‧⋅])"
)


def _first_form(m: re.Match[str]) -> str:
    base, endings = m.group(1), m.group(2)
    plural = endings.rstrip(")").endswith("s") and not base.endswith(("s", "x"))
    return base + ("s" if plural else "")


def read_inclusive(text: str) -> str:
    """``text`` with each inclusive-writing word as its first form, plural kept."""
    if not any(ch in text for ch in "·•‧⋅.("):
        return text
    return _INCLUSIVE_RE.sub(_first_form, text)
