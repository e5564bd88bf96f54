"""Characters no text of the workbench may hold: the C0 controls (tab and newlines aside) and the
non-characters U+FFFE and U+FFFF, which XML 1.0 cannot carry.

One of them in a source or a target (a stray ``\\x01`` from a copy, ``\\x1b`` from a terminal) is
invisible on screen but makes every XLIFF, TMX and TBX export of the release, and the memory's TMX
export, fail as a whole. A source is cleaned as it is read (the character dropped, or a space for
the separators U+001C-U+001F); a person's or a catalog's target is refused, naming the character.
"""

from __future__ import annotations

import re
from typing import Final

from workbench.errors import InputError

#: What XML 1.0's Char production excludes among valid UTF-8 (NUL is refused earlier as binary).
UNWRITABLE: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SEPARATORS: Final = re.compile(r"[\x0b\x0c\x1c-\x1f]")  # vertical tab, form feed, the separators: spaces


def first_unwritable(text: str) -> str | None:
    """``U+0001 at character 7`` for the first character of ``text`` no export can write, else None."""
    found = UNWRITABLE.search(text)
    return None if found is None else f"U+{ord(found.group()):04X} at character {found.start() + 1}"


def check_text(text: str, what: str = "the text") -> None:
    """InputError when ``text`` holds a character no export can write."""
    where = first_unwritable(text)
    if where is not None:
        raise InputError(f"{what} holds an invisible control character ({where}): remove it")


def clean(text: str) -> str:
    """``text`` without the characters no export can write: separators become spaces, the rest go."""
    return UNWRITABLE.sub("", _SEPARATORS.sub(" ", text))
