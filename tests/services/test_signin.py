"""Signing in: the password check, per-account throttling shared through the database, the UI language."""

from __future__ import annotations

from datetime import timedelta

import pytest

from workbench.errors import InputError, PermissionDeniedError
from workbench.services import signin, users
from workbench.services.app import App
from workbench.store.tables import utcnow


def test_right_password_signs_in_with_the_language(app: App) -> None:
    users.add_user(app, "ana", "translator", "ana-secret", "es")
    user = signin.sign_in(app, "ana", "ana-secret")
    assert user["name"] == "ana" and user["ui_lang"] == "en" and "password_hash" not in user
    signin.set_ui_lang(app, "ana", "fr")
    assert signin.sign_in(app, "ana", "ana-secret")["ui_lang"] == "fr"
    with pytest.raises(InputError):
        signin.set_ui_lang(app, "ana", "klingon")


def test_failures_lock_the_account_then_it_opens_again(app: App) -> None:
    users.add_user(app, "ana", "translator", "ana-secret")
    now = utcnow()
    for _ in range(signin.FREE_FAILURES):
        with pytest.raises(PermissionDeniedError, match="wrong password"):
            signin.sign_in(app, "ana", "guess", now=now)
    # locked: even the right password is refused for now, without saying whether it was right
    with pytest.raises(PermissionDeniedError, match="too many failed attempts"):
        signin.sign_in(app, "ana", "ana-secret", now=now + timedelta(seconds=10))
    later = now + signin.BASE_LOCK + timedelta(seconds=1)
    assert signin.sign_in(app, "ana", "ana-secret", now=later)["name"] == "ana"
    # a success resets the count: one more failure does not lock again
    with pytest.raises(PermissionDeniedError, match="wrong password"):
        signin.sign_in(app, "ana", "guess", now=later)
    assert signin.sign_in(app, "ana", "ana-secret", now=later)["name"] == "ana"


def test_locks_grow_and_are_capped() -> None:
    assert signin._lock_for(signin.FREE_FAILURES) == signin.BASE_LOCK
    assert signin._lock_for(signin.FREE_FAILURES + 1) == 2 * signin.BASE_LOCK
    assert signin._lock_for(100) == signin.MAX_LOCK


def test_unknown_user_and_disabled_user(app: App) -> None:
    with pytest.raises(PermissionDeniedError, match="unknown user or wrong password"):
        signin.sign_in(app, "nobody", "x")
    users.add_user(app, "ana", "translator", "ana-secret")
    users.set_disabled(app, "ana", True)
    with pytest.raises(PermissionDeniedError, match="disabled"):
        signin.sign_in(app, "ana", "ana-secret")


def test_password_reset_clears_the_lock(app: App) -> None:
    users.add_user(app, "ana", "translator", "ana-secret")
    for _ in range(signin.FREE_FAILURES):
        with pytest.raises(PermissionDeniedError):
            signin.sign_in(app, "ana", "guess")
    users.set_password(app, "ana", "new-secret")
    assert signin.sign_in(app, "ana", "new-secret")["name"] == "ana"
