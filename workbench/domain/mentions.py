"""Mentions in comments: ``@name`` names a workbench user, who then finds the comment (issue 14).

Only names of existing users count: ``@tina`` is a mention when a user ``tina`` exists, and an
e-mail address (``ana@example.org``) or an ``@`` inside a word is none. User names may hold ``.``,
``_``, ``-`` and ``@`` (single sign-on names are e-mail addresses), so a sentence's final mark after
a mention (``@tina.``) is not part of the name. Case aside, the name is the user's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

# An @ not glued after a word character, a dot or another @ (ana@example.org is an address).
_MENTION_RE: Final = re.compile(r"(?<![\w@.])@([A-Za-z0-9][A-Za-z0-9._@-]*)")
_TRAILING: Final = "._@-"


@dataclass(frozen=True)
class Mention:
    """One mention: where ``@name`` stands in the text (``start`` is the @) and the user's name."""

    start: int
    end: int
    name: str


def find_mentions(text: str, users: Iterable[str]) -> list[Mention]:
    """The mentions of existing ``users`` in ``text``, in text order."""
    known = {name.casefold(): name for name in users}
    found: list[Mention] = []
    for m in _MENTION_RE.finditer(text):
        word = m.group(1)
        # The longest known name the word starts with, at a punctuation boundary (@tina. @tina-)
        while word:
            name = known.get(word.casefold())
            if name is not None:
                found.append(Mention(m.start(), m.start(1) + len(word), name))
                break
            cut = max(word.rfind(ch) for ch in _TRAILING)
            if cut <= 0:
                break
            word = word[:cut]
    return found
