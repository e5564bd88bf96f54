"""Use cases on people: add, list, verify a password, disable, and find the acting user.

Passwords are hashed with argon2id (argon2-cffi's PasswordHasher defaults); no hash ever leaves
this module's results.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from workbench.domain import language_tags
from workbench.domain.workflow import check_allowed_admin, check_role, parse_langs
from workbench.errors import ConflictError, InputError, PermissionDeniedError
from workbench.services.app import App
from workbench.store import user_repo
from workbench.store.tables import User

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")
_HASHER = PasswordHasher()


def _public(user: User) -> dict[str, Any]:
    return {
        "name": user.name,
        "role": user.role,
        "langs": sorted(parse_langs(user.langs)),
        "disabled": user.disabled,
        "created_at": user.created_at.isoformat(),
    }


def _check_langs(langs: str | Iterable[str]) -> list[str]:
    codes = sorted(parse_langs(langs))
    bad = [c for c in codes if not language_tags.is_tag(c)]
    if bad:
        raise InputError(f"not a language code: {', '.join(bad)} (use codes like es, en, pt-br)")
    return codes


def _check_by(app: App, by: str | None) -> None:
    """When a person (the UI) asks, only an active admin may manage users; the local CLI passes None."""
    if by is None:
        return
    with app.db.read() as session:
        check_allowed_admin(user_repo.actor(session, by))


def add_user(
    app: App, name: str, role: str, password: str, langs: str | Iterable[str] = (), *, by: str | None = None
) -> dict[str, Any]:
    """Create a user with an argon2 password hash; ConflictError when the name is taken."""
    if not NAME_RE.match(name):
        raise InputError(f"invalid user name {name!r}: letters, digits and . _ @ - (at most 100)")
    checked_role = check_role(role)
    codes = _check_langs(langs)
    if not password or not password.strip():
        raise InputError("the password is empty")
    _check_by(app, by)
    hashed = _HASHER.hash(password)
    with app.db.write() as session:
        if user_repo.find(session, name) is not None:
            raise ConflictError(f"a user {name!r} exists already")
        user = User(name=name, role=checked_role, langs=",".join(codes), password_hash=hashed, disabled=False)
        session.add(user)
        session.flush()
        return _public(user)


def list_users(app: App) -> list[dict[str, Any]]:
    """Every user (name, role, languages, disabled), without password hashes."""
    with app.db.read() as session:
        return [_public(u) for u in user_repo.all_users(session)]


def verify_password(app: App, name: str, password: str) -> dict[str, Any]:
    """The user when ``password`` is theirs and they are enabled; PermissionDeniedError otherwise."""
    refused = PermissionDeniedError("unknown user or wrong password")
    with app.db.read() as session:
        user = user_repo.find(session, name)
        if user is None:
            _HASHER.hash(password or "-")  # same work either way: no timing hint about which names exist
            raise refused
        try:
            _HASHER.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            raise refused from None
        if user.disabled:
            raise PermissionDeniedError(f"user {name!r} is disabled")
        stale = _HASHER.check_needs_rehash(user.password_hash)
        public = _public(user)
    if stale:  # parameters were raised since this hash was made
        with app.db.write() as session:
            user_repo.get(session, name).password_hash = _HASHER.hash(password)
    return public


def set_password(app: App, name: str, password: str, *, by: str | None = None) -> dict[str, Any]:
    """Replace a user's password (an admin, or the local operator's CLI); clears a sign-in lock."""
    if not password or not password.strip():
        raise InputError("the password is empty")
    _check_by(app, by)
    hashed = _HASHER.hash(password)
    with app.db.write() as session:
        user = user_repo.get(session, name)
        user.password_hash = hashed
        user.failed_signins = 0
        user.locked_until = None
        return _public(user)


def set_disabled(app: App, name: str, disabled: bool = True, *, by: str | None = None) -> dict[str, Any]:
    """Disable (or enable again) a user; a disabled user can neither log in nor act."""
    _check_by(app, by)
    with app.db.write() as session:
        user = user_repo.get(session, name)
        user.disabled = disabled
        return _public(user)
