"""Details of an event kept with its text: who asked for an engine's draft, the operating-system user of the CLI.

The events tables have no column for them (and adding one is a migration), so they ride in the
event's free-text field (``events.comment``, ``release_events.after``) after an ASCII record
separator, as one JSON object: ``"apertium fr→es\\x1e{"asked_by": "ana", "os_user": "ana"}"``.
``pack`` drops any separator from the text first, so a person's comment can never forge details;
``unpack`` gives the text back as written and the details as a dict (empty for older events).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

SEPARATOR = "\x1e"


def pack(text: str | None, details: Mapping[str, Any] | None) -> str | None:
    """``text`` with ``details`` appended (``text`` unchanged, None included, when there are none)."""
    kept = {k: v for k, v in (details or {}).items() if v is not None}
    if not kept:
        return text
    clean = (text or "").replace(SEPARATOR, "")
    return clean + SEPARATOR + json.dumps(kept, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def unpack(stored: str | None) -> tuple[str | None, dict[str, Any]]:
    """(the text as written, its details): ``""`` for the text of an event that had details and no text."""
    if stored is None or SEPARATOR not in stored:
        return stored, {}
    text, _, raw = stored.rpartition(SEPARATOR)
    try:
        details = json.loads(raw)
    except ValueError:
        return stored, {}
    if not isinstance(details, dict):
        return stored, {}
    return text, details
