"""The review workflow of docs/review.md: segment states, the actions between them, and who may act.

Everything here is pure: the services read the user and the translation, ask ``decide`` (or
``check_signoff``) and only then write. A refusal raises ``PermissionDeniedError`` (the person may
not do this) or ``StateError`` (nobody may do this to the segment in its current state).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from workbench.domain import language_tags
from workbench.errors import (
    AccountDisabledError,
    InputError,
    PermissionDeniedError,
    StaleVersionError,
    StateError,
)

State = Literal["new", "draft", "translated", "approved", "needs_edit"]
Action = Literal["edit", "approve", "reject", "unapprove", "draft"]
Role = Literal["translator", "reviewer", "admin"]

STATES: Final[tuple[State, ...]] = ("new", "draft", "translated", "approved", "needs_edit")
ACTIONS: Final[tuple[Action, ...]] = ("edit", "approve", "reject", "unapprove", "draft")
ROLES: Final[tuple[Role, ...]] = ("translator", "reviewer", "admin")

#: Actions whose event makes its actor the author of the text (the four-eyes rule looks at these).
#: An edit counts even when the text is unchanged: saving a draft as is means vouching for it.
TEXT_ACTIONS: Final[frozenset[str]] = frozenset({"edit", "draft", "import"})

#: Everyone, and the roles that review: "a reviewer or an admin" is this set wherever it is meant.
EVERY_ROLE: Final[frozenset[str]] = frozenset(ROLES)
REVIEWERS: Final[frozenset[str]] = frozenset({"reviewer", "admin"})

#: Roles allowed each person-driven action; ``draft`` is the engines' action, never a person's.
ALLOWED_ROLES: Final[dict[str, frozenset[str]]] = {
    "edit": EVERY_ROLE,
    "approve": REVIEWERS,
    "reject": REVIEWERS,
    "unapprove": REVIEWERS,
    "signoff": REVIEWERS,
    # A segment's comment thread is where translators and reviewers talk: every role may write in
    # it, within their languages (a rejection's comment lands there too, written by the reviewer).
    "comment": EVERY_ROLE,
    # Actions on a release as a whole and on shared data (issue 16): every one has an acting user.
    "ingest": EVERY_ROLE,
    # A corrected version sends changed segments back and can revoke sign-offs in every language.
    "update_release": REVIEWERS,
    "translate": EVERY_ROLE,  # ask an engine for drafts, in one's languages
    "import": EVERY_ROLE,  # a translated catalog brought back (edit rules)
    "export": EVERY_ROLE,  # within one's languages; embargoes still apply
    # The term base and the memory feed every language's drafts: changed by reviewers and admins only.
    "glossary": REVIEWERS,
    "memory": REVIEWERS,
    "embargo": REVIEWERS,
    "publishing": frozenset({"admin"}),  # API tokens and webhooks
    "manage_users": frozenset({"admin"}),
}

#: How a refusal names an action whose key is not a verb people read.
ACTION_PHRASES: Final[dict[str, str]] = {
    "update_release": "update a release",
    "translate": "draft with an engine",
    "import": "import translations",
    "glossary": "change the glossary",
    "memory": "import into the translation memory",
    "embargo": "set embargoes",
    "publishing": "manage publishing",
    "manage_users": "manage users",
}

#: action -> (states it may start from, state it leads to).
TRANSITIONS: Final[dict[Action, tuple[frozenset[State], State]]] = {
    "draft": (frozenset({"new"}), "draft"),
    "edit": (frozenset(STATES), "translated"),
    # A reviewer may confirm a machine draft directly: the four-eyes rule still applies, since the
    # engine, not the reviewer, wrote it.
    "approve": (frozenset({"draft", "translated"}), "approved"),
    "reject": (frozenset({"draft", "translated", "approved"}), "needs_edit"),
    "unapprove": (frozenset({"approved"}), "translated"),
}

#: Actions that need a comment (the reason is part of the record).
NEEDS_COMMENT: Final[frozenset[str]] = frozenset({"reject", "unapprove"})


@dataclass(frozen=True)
class Actor:
    """A person as the workflow sees them: name, role, language scope (empty = every language)."""

    name: str
    role: Role
    langs: frozenset[str] = frozenset()
    disabled: bool = False

    def covers(self, lang: str) -> bool:
        """Whether the person may work on target language ``lang``."""
        return not self.langs or language_tags.in_scope(lang, self.langs)


@dataclass(frozen=True)
class Current:
    """A translation as it stands: state, text, version, and who wrote the text (None: nobody yet).

    ``glossary_writers`` lists (concept id, person) for every glossary form in the text that came
    from its machine draft, with each person who proposed or accepted that form: their words too.
    """

    state: State = "new"
    target: str | None = None
    version: int = 0
    author: str | None = None
    changed_by: str | None = None
    glossary_writers: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Decision:
    """What an allowed action does: the state it leaves and the comment recorded with it."""

    action: Action
    state_before: State
    state_after: State
    comment: str = ""


def parse_langs(raw: str | Iterable[str]) -> frozenset[str]:
    """A language scope from ``"es,en"`` or a list (``language_tags.split``), codes lower-cased."""
    return frozenset(code.lower() for code in language_tags.split(raw))


def check_role(role: str) -> Role:
    """``role`` if it is one of ROLES; InputError naming the choices otherwise."""
    for known in ROLES:
        if role == known:
            return known
    raise InputError(f"unknown role {role!r}: choose {', '.join(ROLES)}")


def role_may(role: str, action: str) -> bool:
    """Whether a person of ``role`` may take ``action`` at all (their languages and four eyes aside):
    ``role_may(role, "approve")`` is the one test of "a reviewer or an admin"."""
    return role in ALLOWED_ROLES.get(action, frozenset())


def check_allowed(actor: Actor, action: str, lang: str | None = None) -> None:
    """Refuse (PermissionDeniedError) when ``actor`` may not do ``action`` (on target language ``lang``).

    ``lang`` None: an action on no one language (ingest, the term base, users): no scope check.
    A disabled actor is refused first, with AccountDisabledError, whatever the action.
    """
    if actor.disabled:
        raise AccountDisabledError(f"user {actor.name!r} is disabled")
    roles = ALLOWED_ROLES.get(action)
    if roles is None:
        raise PermissionDeniedError(f"{action!r} is not an action people take")
    if actor.role not in roles:
        allowed = [r for r in ROLES if r in roles]
        who = "an admin" if allowed == ["admin"] else f"a {' or '.join(allowed)}"
        raise PermissionDeniedError(
            f"user {actor.name!r} is a {actor.role}: only {who} may {ACTION_PHRASES.get(action, action)}"
        )
    if lang is not None and not actor.covers(lang):
        raise PermissionDeniedError(
            f"user {actor.name!r} works on {', '.join(sorted(actor.langs))} only, not {lang!r}"
        )


def check_version(expected: int | None, current: Current) -> None:
    """Refuse a save that carries a version other than the current one (no lost updates)."""
    if expected is not None and expected != current.version:
        raise StaleVersionError(expected, current)


def decide(
    actor: Actor,
    action: Action,
    lang: str,
    current: Current,
    *,
    comment: str = "",
    four_eyes: bool = True,
) -> Decision:
    """Whether ``actor`` may apply ``action`` to a translation in ``current`` state, and its result."""
    check_allowed(actor, action, lang)
    allowed_from, after = TRANSITIONS[action]
    if current.state not in allowed_from:
        raise StateError(_state_refusal(action, current.state))
    comment = comment.strip()
    if action in NEEDS_COMMENT and not comment:
        raise InputError(f"{action} needs a comment saying why")
    if action == "approve" and four_eyes and current.author == actor.name:
        raise PermissionDeniedError(
            f"four-eyes rule: {actor.name!r} wrote the current text and cannot approve it; "
            "another reviewer must"
        )
    if action == "approve" and four_eyes:
        concepts = sorted({concept for concept, person in current.glossary_writers if person == actor.name})
        if concepts:
            raise PermissionDeniedError(
                f"four-eyes rule: the text comes from the glossary form of {', '.join(map(repr, concepts))}, "
                f"which {actor.name!r} proposed or accepted: that text is theirs, and another reviewer must "
                "approve it"
            )
    return Decision(action, current.state, after, comment)


def _state_refusal(action: Action, state: State) -> str:
    if state == "new":
        return f"the segment has no translation yet: nothing to {action}"
    if action == "approve" and state == "approved":
        return "the segment is approved already"
    if action == "approve" and state == "needs_edit":
        return "the segment was sent back for an edit: edit it before approving"
    if action == "reject" and state == "needs_edit":
        return "the segment is waiting for an edit already"
    if action == "unapprove":
        return f"the segment is {state}, not approved: nothing to unapprove"
    return f"cannot {action} a segment in state {state!r}"


def check_signoff(actor: Actor, lang: str, states: Iterable[tuple[str, str]]) -> None:
    """Refuse a language sign-off unless ``actor`` may review ``lang`` and every (key, state) is approved."""
    check_allowed(actor, "signoff", lang)
    pending = [key for key, state in states if state != "approved"]
    if pending:
        shown = ", ".join(pending[:5]) + (f" and {len(pending) - 5} more" if len(pending) > 5 else "")
        raise StateError(f"{len(pending)} segment(s) not approved in {lang!r}: {shown}")
