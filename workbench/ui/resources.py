"""The one place that caches process-wide resources for the UI (nothing per user lives here).

Streamlit reruns a page's script on every click of every user, so what does not change between
reruns is kept here, once per process, under a key that changes whenever what it holds would
(docs/performance.md): the application handle per settings, the quality checks (term base, its
matcher and the issues already found) per term-base version, the memory's answers (``memory.Lookups``)
per state of the memory, and the engines' status for a minute.
Every save still goes to the database at once; nothing here holds a person's work.
"""

from __future__ import annotations

import os
import threading
from typing import TYPE_CHECKING

import streamlit as st

from workbench.config import Settings
from workbench.services.app import App

if TYPE_CHECKING:  # the checks load langdetect and the term base: not before the first screen
    from workbench.services.engines import EngineJSON
    from workbench.services.memory import Lookups
    from workbench.services.qa import Checks

#: Seconds the engines' status is reused: it asks servers and runs programs, and an engine that
#: goes down or comes back is seen within this time (a drafting run reports its own failures at once).
ENGINE_STATUS_TTL = 60


#: The application handles opened, per settings (``_environment``): a plain dict, not
#: ``st.cache_resource``, whose wrapper (hashing the key, its statistics) cost a screen's rerun about
#: 0.2 ms at each of its half-dozen calls; the lock makes two sessions' first runs open one handle.
_APPS: dict[str, App] = {}
_OPENING = threading.Lock()


def _environment() -> str:
    """The WORKBENCH_* variables as one string: the settings' key (hashing a Settings object at every
    call, tens per rerun, cost more than the rest of a small screen)."""
    return repr(sorted((name, value) for name, value in os.environ.items() if name.startswith("WORKBENCH_")))


def app() -> App:
    """The application handle for the current settings, shared by every session of this process."""
    environment = _environment()
    opened = _APPS.get(environment)
    if opened is None:
        with _OPENING:
            opened = _APPS.get(environment)
            if opened is None:
                opened = _APPS[environment] = App.open(Settings.from_env())
    return opened


@st.cache_resource(max_entries=2)
def _checks(stamp: str) -> Checks:
    from workbench.services import qa

    return qa.load_checks(app())


def checks(handle: App | None = None) -> Checks:
    """The quality checks of the current term base (``qa.Checks``: the term base, its glossary matcher and the
    issues found so far), loaded once per term-base version; a glossary change anywhere is seen at the next rerun.
    ``handle``: ``app()``, when the caller has it already."""
    from workbench.services import glossary

    # The stamp is read first: the checks loaded under it are at least as new, never older.
    return _checks(glossary.termbase_stamp(handle or app()))


@st.cache_resource(max_entries=2)
def _lookups(stamp: str) -> Lookups:
    from workbench.services import memory

    return memory.Lookups()


def lookups(handle: App | None = None) -> Lookups:
    """The memory's answers kept for its current state (``memory.Lookups``: the exact and fuzzy matches of the
    sources looked up so far), one per memory stamp; an approval, a withdrawal or an import anywhere is seen at
    the next rerun. ``handle``: ``app()``, when the caller has it already."""
    from workbench.services import memory

    # The stamp is read first: the answers kept under it are at least as new, never older.
    return _lookups(memory.stamp(handle or app()))


@st.cache_data(ttl=ENGINE_STATUS_TTL, show_spinner=False)
def _engines(environment: str) -> list[EngineJSON]:
    from workbench.services import engines

    return engines.list_engines(app())


def engine_status() -> list[EngineJSON]:
    """``engines.list_engines`` for the current settings, asked again after ``ENGINE_STATUS_TTL`` seconds."""
    return _engines(_environment())
