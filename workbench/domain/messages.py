"""Messages as an id and its values, so that each interface can say them in its own language.

A QA finding is worded in English in the code (the command line prints that), but the browser
speaks French and Spanish too. So a check builds a ``Message``: its id is the English text with
``{fields}`` (the gettext msgid), its values fill the fields, and a value may itself be a message
(a phrase such as "no final mark" is translated too). ``str(message)`` is the English text; the
interface translates the id and each nested value through its catalogs (``workbench.ui.i18n``).

The message ids are collected by ``make messages`` from the calls ``msg(...)``, ``msg_n(...)``,
``Check.flag(...)`` and ``Check.flag_n(...)`` (their first arguments, the plural's second).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Union

Value = Union[str, int, "Message"]


@dataclass(frozen=True)
class Message:
    """An English message id with ``{fields}``, its values, and its plural id when it counts ``n``."""

    id: str
    params: tuple[tuple[str, Value], ...] = ()
    plural: str = ""

    def __str__(self) -> str:
        values = dict(self.params)
        template = self.plural if self.plural and values.get("n") != 1 else self.id
        return template.format(**{k: str(v) for k, v in values.items()})

    def as_dict(self) -> dict[str, Any]:
        """The message as plain JSON values: ``{"id", "plural", "params"}`` (a nested message as such a dict)."""
        return {"id": self.id, "plural": self.plural,
                "params": {k: v.as_dict() if isinstance(v, Message) else v for k, v in self.params}}


def msg(message_id: str, **params: Value) -> Message:
    """The message ``message_id`` (English, with ``{fields}``) with these values."""
    return Message(message_id, tuple(params.items()))


def msg_n(singular: str, plural: str, n: int, **params: Value) -> Message:
    """A counting message: ``singular`` when ``n`` is 1 in English, else ``plural`` (``{n}`` is a field)."""
    return Message(singular, (("n", n), *params.items()), plural)


def join(items: Sequence[str], conjunction: str = "and") -> Value:
    """``a``, ``a and b``, ``a, b and c`` (or ``or``), as a message whose conjunction is translated."""
    if len(items) == 1:
        return items[0]
    rest, last = ", ".join(items[:-1]), items[-1]
    if conjunction == "or":
        return msg("{rest} or {last}", rest=rest, last=last)
    return msg("{rest} and {last}", rest=rest, last=last)
