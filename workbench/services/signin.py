"""Signing in to the browser UI: password check with per-account throttling, and the user's UI language.

After ``FREE_FAILURES`` wrong passwords in a row an account is locked for a while that doubles
with each further failure (30 s, 60 s, ... at most 15 minutes); a correct password resets the
count. The count lives in the users table, so every UI replica applies the same limit.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from workbench.errors import InputError, PermissionDeniedError
from workbench.services import users
from workbench.services.app import App
from workbench.store import user_repo
from workbench.store.tables import utcnow

FREE_FAILURES = 5
BASE_LOCK = timedelta(seconds=30)
MAX_LOCK = timedelta(minutes=15)
UI_LANGS = ("en", "fr", "es")


def _aware(moment: datetime) -> datetime:
    # SQLite returns naive datetimes even for timezone-aware columns; they were stored in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def _lock_for(failures: int) -> timedelta:
    doublings = min(failures - FREE_FAILURES, 16)  # 2**16 × 30 s is far past the cap; never overflows
    return min(BASE_LOCK * 2**doublings, MAX_LOCK)


def sign_in(app: App, name: str, password: str, now: datetime | None = None) -> dict[str, Any]:
    """The user (with ``ui_lang``) when the password is right; PermissionDeniedError otherwise, or while locked."""
    now = now or utcnow()
    with app.db.read() as session:
        user = user_repo.find(session, name)
        locked = _aware(user.locked_until) if user is not None and user.locked_until else None
    if locked is not None and locked > now:
        wait = int((locked - now).total_seconds()) + 1
        raise PermissionDeniedError(f"too many failed attempts: try again in {wait} s")
    try:
        public = users.verify_password(app, name, password)
    except PermissionDeniedError:
        with app.db.write() as session:
            row = user_repo.find(session, name)
            if row is not None:
                row.failed_signins += 1
                if row.failed_signins >= FREE_FAILURES:
                    row.locked_until = now + _lock_for(row.failed_signins)
        raise
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
