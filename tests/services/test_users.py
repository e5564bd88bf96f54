"""Users: argon2 hashes, roles, language scopes, disabling; never a hash in what the services return."""

from __future__ import annotations

import pytest
from review_fixtures import add_team, ingest_small, operator
from sqlalchemy import select

from workbench.errors import ConflictError, InputError, PermissionDeniedError
from workbench.services import review, users
from workbench.services.app import App
from workbench.store.tables import User


def test_add_and_list_without_hashes(app: App) -> None:
    added = users.add_user(app, "marta", "reviewer", "s3cret pass", "es, EN", by=operator(app))
    assert added["langs"] == ["en", "es"] and added["role"] == "reviewer"
    users.add_user(app, "ana", "translator", "other", by=operator(app))
    listed = users.list_users(app)
    assert [u["name"] for u in listed] == ["ana", "marta", "op"]
    assert all("hash" not in key for u in listed for key in u)
    assert "s3cret" not in repr(listed)
    with app.db.read() as session:
        stored = session.scalar(select(User.password_hash).where(User.name == "marta"))
    assert stored.startswith("$argon2id$") and "s3cret" not in stored


@pytest.mark.parametrize(
    ("name", "role", "password", "langs", "error", "message"),
    [
        ("bob", "boss", "pw", "", InputError, "unknown role 'boss'"),
        ("bob", "reviewer", "", "", InputError, "password is empty"),
        ("bob", "reviewer", "pw", "es,español", InputError, "not a language code: español"),
        ("bad name", "reviewer", "pw", "", InputError, "invalid user name"),
    ],
)
def test_bad_users_are_refused(app: App, name: str, role: str, password: str, langs: str,
                               error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        users.add_user(app, name, role, password, langs, by=operator(app))
    assert [u["name"] for u in users.list_users(app)] == ["op"]


def test_duplicate_name(app: App) -> None:
    users.add_user(app, "ana", "translator", "pw", by=operator(app))
    with pytest.raises(ConflictError, match="exists already"):
        users.add_user(app, "ana", "admin", "pw", by=operator(app))


def test_verify_password(app: App) -> None:
    users.add_user(app, "ana", "translator", "correct horse", by=operator(app))
    assert users.verify_password(app, "ana", "correct horse")["name"] == "ana"
    for name, password in (("ana", "wrong"), ("nobody", "correct horse"), ("ana", "")):
        with pytest.raises(PermissionDeniedError, match="unknown user or wrong password"):
            users.verify_password(app, name, password)
    users.set_disabled(app, "ana", by=operator(app))
    with pytest.raises(PermissionDeniedError, match="disabled"):
        users.verify_password(app, "ana", "correct horse")


def test_disabled_user_cannot_act_until_enabled(app: App) -> None:
    add_team(app, ("tr", "ad"))
    key = ingest_small(app)[0]
    users.set_disabled(app, "tr", by=operator(app))
    with pytest.raises(PermissionDeniedError, match="disabled"):
        review.edit(app, "rel", key, "es", "texto", "tr")
    users.set_disabled(app, "tr", False, by=operator(app))
    assert review.edit(app, "rel", key, "es", "texto", "tr")["version"] == 1


def test_only_admins_manage_users_when_a_person_asks(app: App) -> None:
    add_team(app, ("rv", "ad"))
    with pytest.raises(PermissionDeniedError, match="only an admin"):
        users.add_user(app, "eve", "admin", "pw", by="rv")
    with pytest.raises(PermissionDeniedError, match="only an admin"):
        users.set_disabled(app, "ad", by="rv")
    assert users.add_user(app, "eve", "translator", "pw", by="ad")["name"] == "eve"


def test_is_enabled_follows_disabling_and_enabling_again(app: App) -> None:
    add_team(app, ("tr", "ad"))
    assert users.is_enabled(app, "tr") and users.is_enabled(app, "ad")
    assert not users.is_enabled(app, "nobody")
    users.set_disabled(app, "tr", by="ad")
    assert not users.is_enabled(app, "tr") and users.is_enabled(app, "ad")
    users.set_disabled(app, "tr", False, by="ad")
    assert users.is_enabled(app, "tr")
