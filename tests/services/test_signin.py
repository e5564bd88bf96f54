"""Signing in: the password check, per-account throttling shared through the database, the UI language."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from review_fixtures import operator

from workbench.errors import AccountDisabledError, InputError, PermissionDeniedError
from workbench.services import signin, users
from workbench.services.app import App
from workbench.store import user_repo
from workbench.store.tables import utcnow


def test_right_password_signs_in_with_the_language(app: App) -> None:
    users.add_user(app, "ana", "translator", "ana-secret", "es", by=operator(app))
    user = signin.sign_in(app, "ana", "ana-secret")
    assert user["name"] == "ana" and user["ui_lang"] == "en" and "password_hash" not in user
    signin.set_ui_lang(app, "ana", "fr")
    assert signin.sign_in(app, "ana", "ana-secret")["ui_lang"] == "fr"
    with pytest.raises(InputError):
        signin.set_ui_lang(app, "ana", "klingon")


def test_failures_lock_the_account_then_it_opens_again(app: App) -> None:
    users.add_user(app, "ana", "translator", "ana-secret", by=operator(app))
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
    users.add_user(app, "ana", "translator", "ana-secret", by=operator(app))
    users.set_disabled(app, "ana", True, by="op")
    with pytest.raises(AccountDisabledError, match="disabled"):
        signin.sign_in(app, "ana", "ana-secret")


def test_password_reset_clears_the_lock(app: App) -> None:
    users.add_user(app, "ana", "translator", "ana-secret", by=operator(app))
    for _ in range(signin.FREE_FAILURES):
        with pytest.raises(PermissionDeniedError):
            signin.sign_in(app, "ana", "guess")
    users.set_password(app, "ana", "new-secret", by="op")
    assert signin.sign_in(app, "ana", "new-secret")["name"] == "ana"


def _attempts(app: App, name: str, password: str, n: int, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], int]:
    """``n`` simultaneous sign-ins (threads released together); (each refusal's message, passwords checked)."""
    checked = 0
    lock = threading.Lock()
    verify = users.verify_password

    def counting(*args: Any, **kwargs: Any) -> dict[str, Any]:
        nonlocal checked
        with lock:
            checked += 1
        return verify(*args, **kwargs)

    monkeypatch.setattr(users, "verify_password", counting)
    start = threading.Barrier(n)

    def attempt(_: int) -> str:
        start.wait()
        try:
            signin.sign_in(app, name, password)
        except PermissionDeniedError as exc:
            return str(exc)
        return "signed in"

    with ThreadPoolExecutor(max_workers=n) as pool:
        messages = list(pool.map(attempt, range(n)))
    return messages, checked


def test_simultaneous_guesses_check_exactly_the_limit_and_count_every_failure(
    app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    users.add_user(app, "ana", "translator", "ana-secret", by=operator(app))
    messages, checked = _attempts(app, "ana", "guess", 12, monkeypatch)
    assert checked == signin.FREE_FAILURES  # the other seven met the lock before any password check
    assert messages == [signin.REFUSED] * 12
    with app.db.read() as session:
        row = user_repo.get(session, "ana")
        assert row.failed_signins == signin.FREE_FAILURES and row.locked_until is not None
    # locked: the right password is refused too, with the same answer, and counts nothing
    with pytest.raises(PermissionDeniedError) as refused:
        signin.sign_in(app, "ana", "ana-secret")
    assert str(refused.value) == signin.REFUSED


def test_a_locked_account_and_an_unknown_name_answer_alike(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    users.add_user(app, "ana", "translator", "ana-secret", by=operator(app))
    known, _ = _attempts(app, "ana", "guess", 8, monkeypatch)
    unknown, _ = _attempts(app, "anna", "guess", 8, monkeypatch)
    assert known == unknown == [signin.REFUSED] * 8
    assert "ana" not in signin.REFUSED and "locked" not in signin.REFUSED
