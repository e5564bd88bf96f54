"""The one exception tree of the workbench.

    WorkbenchError                 root: every error the product raises on purpose
     ├── InputError                bad input from a person or a file (carries path and line)
     │    ├── SourceError          a release source that cannot be ingested
     │    └── FormatError          a malformed exchange file (CSV, TBX, PO, TMX, XLIFF)
     ├── NotFoundError             a release, segment, user, concept or memory unit that does not exist
     ├── ConflictError             an existing slug or user, a colliding glossary form, a non-empty restore target
     │    └── StaleVersionError    a save against a version that is no longer current (carries what is)
     ├── StateError                an action the current state refuses (approve an approved segment, sign off twice)
     ├── QualityError              an approval a QA error blocks (the remedy: an override reason)
     ├── PermissionDeniedError     an action the user's role or languages do not allow
     │    └── AccountDisabledError  the acting user is disabled (a signed-in session ends)
     ├── EngineError               a machine-translation engine failed (timeout, crash, empty output)
     │    ├── EngineUnavailableError  no engine can serve the requested language pair
     │    │    └── EngineUnsupportedError  the provider refuses this language or text
     │    ├── EngineAuthError      the provider refused the key, or its quota is used up
     │    ├── EngineResponseError  the provider answered with something that is not a translation
     │    │    └── EngineReplyError  a reply that failed its checks for some texts (carries the usable outputs)
     │    └── EngineTransientError worth retrying: connection failure, HTTP 5xx (carries retry_after)
     │         ├── EngineTimeoutError     no answer within the timeout
     │         └── EngineRateLimitedError HTTP 429 (retry_after: the provider's Retry-After, seconds)
     ├── StorageError              the database refused or is unreachable
     ├── OutputError               a file or folder that cannot be written (the previous files are unchanged)
     ├── UnsupportedError          an operation this installation does not offer (a file backup of PostgreSQL)
     └── ConfigError               a WORKBENCH_* setting is invalid

Every class is drawn here and defined in this module (tests/test_errors.py holds both), so a caller
can catch what was refused without knowing which layer refused it.

Adapters convert third-party errors with ``raise ... from exc``, so the cause and its file and line
stay in the traceback (``WORKBENCH_DEBUG=1``); only the CLI and the UI print them, one line each.

An error's message says what happened and what can be done in neutral terms ("approve with an
override reason"). When the way out depends on the interface (a CLI flag, a UI button), the error
also carries a ``Remedy``: its action names the way out and its values fill the phrase, which the
CLI and the UI each write for themselves (cli.py ``CLI_REMEDIES``, ui/remedies.py), so a browser
user never reads a command-line flag.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, Self

#: The remedies the services name; each interface phrases every one of them (a test checks).
REMEDY_ACTIONS = ("override", "update_or_rename", "choose_source_lang", "check_target_lang", "add_user")


@dataclass(frozen=True)
class Remedy:
    """What a person can do about an error: an action of REMEDY_ACTIONS and the values its phrase needs."""

    action: str
    values: Mapping[str, Any] = field(default_factory=dict)


class WorkbenchError(Exception):
    """Root of every error the workbench raises on purpose."""

    #: The way out, for the interfaces to phrase their own way (None: the message says it all).
    remedy: Remedy | None = None

    def with_remedy(self, action: str, **values: Any) -> Self:
        """This error, carrying the remedy ``action`` with ``values`` (returned, for ``raise``)."""
        assert action in REMEDY_ACTIONS, action
        self.remedy = Remedy(action, values)
        return self


class InputError(WorkbenchError):
    """Bad input; names the file and line when there is one."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.path = path
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        return f"{where}: {self.message}" if where else self.message


class SourceError(InputError):
    """A release source (text, HTML, Markdown) that cannot be ingested."""


class FormatError(InputError):
    """A malformed exchange file (glossary CSV/TBX, PO, TMX, XLIFF)."""


class NotFoundError(WorkbenchError):
    """A release, segment, user, concept or memory unit that does not exist."""


class ConflictError(WorkbenchError):
    """A clash with what exists: a slug or user taken, a colliding glossary form, a non-empty restore target."""


class Versioned(Protocol):
    """What a stale save is told about the current translation (domain.workflow.Current has it)."""

    @property
    def version(self) -> int: ...
    @property
    def target(self) -> str | None: ...
    @property
    def changed_by(self) -> str | None: ...


class StaleVersionError(ConflictError):
    """A save against a version that is no longer current; carries what is current now."""

    def __init__(self, expected: int, current: Versioned) -> None:
        self.expected = expected
        self.current = current
        who = current.changed_by or "nobody"
        text = "(empty)" if current.target is None else repr(current.target)
        super().__init__(
            f"version {expected} is stale: the translation is at version {current.version}, "
            f"last changed by {who}; current text: {text}"
        )


class StateError(WorkbenchError):
    """An action the current state refuses: approve an approved segment, sign off with segments pending
    or signed off already, decide a glossary change decided already."""


class QualityError(WorkbenchError):
    """An approval refused because the text has a QA error; its remedy is an override reason."""


class PermissionDeniedError(WorkbenchError):
    """An action the user's role or language scope does not allow."""


class AccountDisabledError(PermissionDeniedError):
    """The acting user is disabled: nothing they ask is done (the UI signs their session out)."""


class EngineError(WorkbenchError):
    """A machine-translation engine failed: timeout, crash, empty or garbled output."""


class EngineUnavailableError(EngineError):
    """No configured engine can translate the requested language pair."""


class EngineUnsupportedError(EngineUnavailableError):
    """The provider refuses this language pair, or a text it cannot take (too long)."""


class EngineAuthError(EngineError):
    """The provider refused the key (wrong, revoked) or the account's quota is used up."""


class EngineResponseError(EngineError):
    """The provider answered, but not with a translation (an HTML page, broken JSON, an empty text)."""


class EngineReplyError(EngineResponseError):
    """A reply that came back but failed its checks for some texts (an id missing, a draft that is no translation).

    ``outputs`` has one entry per text sent: the output, or None where it failed; ``reasons``
    says why, per text ("" where it passed). The drafting runner sends the failed texts again
    once, in halves, and reports those that fail twice (engines/runner.py).
    """

    def __init__(self, message: str, outputs: list[str | None], reasons: list[str]) -> None:
        self.outputs = outputs
        self.reasons = reasons
        super().__init__(message)


class EngineTransientError(EngineError):
    """A failure worth retrying later; ``retry_after`` is the provider's own delay in seconds, when it gave one."""

    def __init__(self, message: str, *, retry_after: float | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class EngineTimeoutError(EngineTransientError):
    """The provider did not answer within the timeout."""


class EngineRateLimitedError(EngineTransientError):
    """HTTP 429: too many requests; ``retry_after`` says when to come back, when the provider said."""


class StorageError(WorkbenchError):
    """The database refused an operation or cannot be reached."""


class OutputError(WorkbenchError):
    """A file or folder that cannot be written (permission, full disk); the previous files are unchanged."""


class UnsupportedError(WorkbenchError):
    """An operation this installation does not offer (a file backup of a PostgreSQL database)."""


class ConfigError(WorkbenchError):
    """A WORKBENCH_* setting has an invalid value."""
