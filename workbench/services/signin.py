"""Signing in to the browser UI: password check with per-account throttling, and the user's UI language.

After ``FREE_FAILURES`` wrong passwords in a row an account is locked for a while that doubles
with each further failure (30 s, 60 s, ... at most 15 minutes); a correct password resets the
count. The count lives in the users table, so every UI replica applies the same limit.

An attempt is counted *before* its password is checked, in one atomic statement
(``UPDATE users ... WHERE name = :name AND not locked RETURNING failed_signins``, the same on
SQLite and PostgreSQL): the attempt that reaches the limit sets the lock in that same statement,
so of any number of simultaneous guesses exactly ``FREE_FAILURES`` are checked and every one is
counted. A locked account, an unknown name and a wrong password all get the one ``REFUSED``
message after the same work (an argon2 hash), so nothing tells which names exist or are locked.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, case, literal, or_, update

from workbench.errors import AccountDisabledError, InputError, PermissionDeniedError
from workbench.services import users
from workbench.services.app import App
from workbench.services.users import UserJSON
from workbench.store import user_repo
from workbench.store.tables import User, utcnow

FREE_FAILURES = 5
BASE_LOCK = timedelta(seconds=30)
MAX_LOCK = timedelta(minutes=15)
UI_LANGS = ("en", "fr", "es")
#: The one answer to a wrong password, an unknown name and a locked account alike.
REFUSED = "unknown user or wrong password (after too many failed attempts, try again in a few minutes)"

_USERS = cast(Table, User.__table__)


class SignedInJSON(UserJSON):
    """The user who signed in, with the interface language they chose (``ui_lang``, ``en`` by default)."""

    ui_lang: str


def _lock_for(failures: int) -> timedelta:
    doublings = min(failures - FREE_FAILURES, 16)  # 2**16 × 30 s is far past the cap; never overflows
    return min(BASE_LOCK * 2.0**doublings, MAX_LOCK)


def _count_attempt(app: App, name: str, now: datetime) -> int | None:
    """Count one attempt on ``name`` unless it is locked, locking it when this attempt reaches the limit.

    One statement, so that simultaneous attempts are serialised by the database (the row lock on
    PostgreSQL, the write lock on SQLite): returns the new count, or None for an unknown or locked name.
    """
    counted = _USERS.c.failed_signins + 1
    locks = {}  # the lock each count sets, up to the cap: a CASE, so the statement computes it itself
    failures = FREE_FAILURES
    while _lock_for(failures) < MAX_LOCK:
        locks[failures] = literal(now + _lock_for(failures), _USERS.c.locked_until.type)
        failures += 1
    locked_until = case(
        (counted < FREE_FAILURES, _USERS.c.locked_until),
        *((counted == n, lock) for n, lock in locks.items()),
        else_=literal(now + MAX_LOCK, _USERS.c.locked_until.type),
    )
    statement = (
        update(_USERS)
        .where(_USERS.c.name == name, or_(_USERS.c.locked_until.is_(None), _USERS.c.locked_until <= now))
        .values(failed_signins=counted, locked_until=locked_until)
        .returning(_USERS.c.failed_signins)
    )
    with app.db.write() as session:
        return session.execute(statement).scalar_one_or_none()


def sign_in(app: App, name: str, password: str, now: datetime | None = None) -> SignedInJSON:
    """The user (with ``ui_lang``) when the password is right; PermissionDeniedError(REFUSED) otherwise.

    A disabled user who gives the right password is told so (AccountDisabledError).
    """
    now = now or utcnow()
    if _count_attempt(app, name, now) is None:
        users.hash_work(password)  # unknown or locked: the same work and answer as a wrong password
        raise PermissionDeniedError(REFUSED)
    try:
        public = users.verify_password(app, name, password)
    except AccountDisabledError:
        raise
    except PermissionDeniedError:
        raise PermissionDeniedError(REFUSED) from None  # unknown name or wrong password: nothing tells which
    with app.db.write() as session:
        row = user_repo.get(session, name)
        row.failed_signins = 0
        row.locked_until = None
        return {**public, "ui_lang": row.ui_lang}


def set_ui_lang(app: App, name: str, lang: str) -> str:
    """Remember the interface language a user chose."""
    if lang not in UI_LANGS:
        raise InputError(f"no interface in {lang!r}: choose one of {', '.join(UI_LANGS)}")
    with app.db.write() as session:
        user_repo.get(session, name).ui_lang = lang
    return lang
