"""Use cases on people: add, list, verify a password, disable, and find the acting user.

Passwords are hashed with argon2id (argon2-cffi's PasswordHasher defaults); no hash ever leaves
this module's results.

``acting`` is the one way every service checks who acts: the user exists, is enabled, and has a
role (and a language scope) that allows the action (``workflow.ALLOWED_ROLES``). Services call it
inside their own transaction, so a user disabled a moment ago is refused at their next action,
whichever interface asks (docs/review.md, "Who acts").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TypedDict

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from workbench.config import TARGET_LANGUAGES
from workbench.domain import language_tags
from workbench.domain.workflow import Actor, check_allowed, check_role, parse_langs, role_may
from workbench.errors import AccountDisabledError, ConflictError, InputError, PermissionDeniedError, StateError
from workbench.services.app import App
from workbench.store import reads, user_repo
from workbench.store.tables import User

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")
_HASHER = PasswordHasher()


class UserJSON(TypedDict):
    """A user as the services hand one out (never a password hash): ``name``, ``role``, the ``langs``
    they work on (empty: every language), whether ``disabled``, and when they were created."""

    name: str
    role: str
    langs: list[str]
    disabled: bool
    created_at: str


def _public(user: User) -> UserJSON:
    return {
        "name": user.name,
        "role": user.role,
        "langs": sorted(parse_langs(user.langs)),
        "disabled": user.disabled,
        "created_at": user.created_at.isoformat(),
    }


def check_langs(langs: str | Iterable[str]) -> list[str]:
    """A language scope (a user's, a token's, a webhook's): its codes, lower-cased and sorted;
    InputError naming every one that is not a language code."""
    codes = sorted(parse_langs(langs))
    bad = [c for c in codes if not language_tags.is_tag(c)]
    if bad:
        raise InputError(f"not a language code: {', '.join(bad)} (use codes like es, en, pt-br)")
    return codes


def offered_targets(langs: Iterable[str]) -> list[str]:
    """The target languages to offer a user of ``langs``: those, or the usual ones (``config.TARGET_LANGUAGES``)
    when the user is not limited to some."""
    return list(langs) or list(TARGET_LANGUAGES)


def acting(session: Session, user: str, action: str, langs: str | Sequence[str] | None = None) -> Actor:
    """The user ``user`` when enabled and allowed ``action`` (on each of ``langs``); refused otherwise.

    NotFoundError for an unknown name, AccountDisabledError for a disabled user,
    PermissionDeniedError for a role or language scope that does not allow the action.
    """
    actor = user_repo.actor(session, user)
    if langs is None or isinstance(langs, str):
        check_allowed(actor, action, langs)
    else:
        check_allowed(actor, action)
        for lang in langs:
            check_allowed(actor, action, lang)
    return actor


def may(role: str, action: str) -> bool:
    """Whether a person of ``role`` may take ``action`` at all (``workflow.role_may``): for the interfaces to
    offer only what a person may do; the services check every action again."""
    return role_may(role, action)


def check_acting(app: App, user: str, action: str, langs: str | Sequence[str] | None = None) -> Actor:
    """``acting`` in its own read transaction, for services that check before a long piece of work."""
    with app.db.read() as session:
        return acting(session, user, action, langs)


def _new_hash(password: str) -> str:
    """The hash to store for a new password; InputError when it is empty (or only blanks)."""
    if not password or not password.strip():
        raise InputError("the password is empty")
    return _HASHER.hash(password)


def _check_by(session: Session, by: str | None) -> None:
    """Only an enabled admin ``by`` manages users, except for the very first user (the first admin).

    On a database without any user there is nobody to check against, whoever ``by`` names (the
    operator's WORKBENCH_USER may already name the admin being created).
    """
    if not session.scalar(select(exists().select_from(User))):
        return
    if by is None:
        raise PermissionDeniedError("who is acting? managing users needs an acting admin once the first user exists")
    acting(session, by, "manage_users")


def add_user(
    app: App, name: str, role: str, password: str, langs: str | Iterable[str] = (), *, by: str | None = None
) -> UserJSON:
    """Create a user with an argon2 password hash, as admin ``by`` (None: the first user); ConflictError when taken."""
    if not NAME_RE.match(name):
        raise InputError(f"invalid user name {name!r}: ASCII letters (no accents), digits and . _ @ - (at most 100)")
    checked_role = check_role(role)
    codes = check_langs(langs)
    hashed = _new_hash(password)
    with app.db.write() as session:
        _check_by(session, by)
        if user_repo.find(session, name) is not None:
            raise ConflictError(f"a user {name!r} exists already")
        user = User(name=name, role=checked_role, langs=",".join(codes), password_hash=hashed, disabled=False)
        session.add(user)
        session.flush()
        return _public(user)


def list_users(app: App) -> list[UserJSON]:
    """Every user (name, role, languages, disabled), without password hashes."""
    with app.db.read() as session:
        return [_public(u) for u in user_repo.all_users(session)]


def hash_work(password: str) -> None:
    """Spend the time of one password check on nothing: an unknown name answers as slowly as a known one."""
    _HASHER.hash(password or "-")


def is_enabled(app: App, name: str) -> bool:
    """Whether ``name`` is a user who is not disabled (an open browser session checks it at each run)."""
    with app.db.reader() as reader:  # through the driver: every run of the app's script asks
        return reads.user_enabled(reader, name)


def verify_password(app: App, name: str, password: str) -> UserJSON:
    """The user when ``password`` is theirs and they are enabled; PermissionDeniedError otherwise."""
    refused = PermissionDeniedError("unknown user or wrong password")
    with app.db.read() as session:
        user = user_repo.find(session, name)
        if user is None:
            hash_work(password)  # same work either way: no timing hint about which names exist
            raise refused
        try:
            _HASHER.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            raise refused from None  # one refusal whatever failed: no cause to tell the cases apart
        if user.disabled:
            raise AccountDisabledError(f"user {name!r} is disabled")
        checked = user.password_hash
        stale = _HASHER.check_needs_rehash(checked)
        public = _public(user)
    if stale:  # parameters were raised since this hash was made
        rehashed = _HASHER.hash(password)
        with app.db.write() as session:
            # Only over the hash just checked: a password an admin set meanwhile stands.
            user_repo.replace_password_hash(session, name, checked, rehashed)
    return public


def set_password(app: App, name: str, password: str, *, by: str | None = None) -> UserJSON:
    """Replace a user's password, as admin ``by``; clears a sign-in lock."""
    hashed = _new_hash(password)
    with app.db.write() as session:
        _check_by(session, by)
        user = user_repo.get(session, name)
        user.password_hash = hashed
        user.failed_signins = 0
        user.locked_until = None
        return _public(user)


def set_disabled(app: App, name: str, disabled: bool = True, *, by: str | None = None) -> UserJSON:
    """Disable (or enable again) a user, as admin ``by``; a disabled user can neither sign in nor act.

    The acting admin, the user and every admin are row-locked before anything is checked: two
    admins disabling each other, or each themselves, at once take turns on PostgreSQL, and the
    second is refused (disabled by then, or the last enabled admin); without the lock both
    succeeded, leaving no admin. SQLite's writers take turns already.
    """
    with app.db.write() as session:
        user_repo.lock(session, [name, *([by] if by else [])], admins=True)
        _check_by(session, by)
        user = user_repo.get(session, name)
        if disabled and user.role == "admin" and not user.disabled and not _other_enabled_admin(session, name):
            # nobody could manage users any more (enable anyone, reset a password): refused
            raise StateError(f"user {name!r} is the last enabled admin: add or enable another admin first")
        user.disabled = disabled
        return _public(user)


def _other_enabled_admin(session: Session, name: str) -> bool:
    return bool(session.scalar(select(exists().where(User.role == "admin", User.disabled.is_(False),
                                                     User.name != name))))
