"""User rows <-> the workflow's Actor."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.orm import Session

from workbench.domain.workflow import Actor, check_role, parse_langs
from workbench.errors import NotFoundError
from workbench.store.tables import User

_FIND = select(User).where(User.name == bindparam("name"))


def find(session: Session, name: str) -> User | None:
    """The user with this name, or None."""
    return session.scalar(_FIND, {"name": name})


def get(session: Session, name: str) -> User:
    """The user with this name; NotFoundError otherwise."""
    user = find(session, name)
    if user is None:
        raise NotFoundError(f"no user {name!r}: an admin can add one").with_remedy("add_user", name=name)
    return user


def lock(session: Session, names: Iterable[str], *, admins: bool = False) -> None:
    """Row-lock the users with these names (and, with ``admins``, every admin) for this transaction
    (PostgreSQL), in name order, one statement: two transactions locking the same users never wait
    on each other in a cycle."""
    wanted = sorted(set(names))
    if wanted or admins:
        which = or_(User.name.in_(wanted), User.role == "admin") if admins else User.name.in_(wanted)
        session.execute(select(User.id).where(which).order_by(User.name).with_for_update())


def replace_password_hash(session: Session, name: str, old: str, new: str) -> bool:
    """Give the user the password hash ``new`` only while theirs is still ``old`` (one conditional
    UPDATE: a password set since ``old`` was read is never written over); whether it was replaced."""
    result = session.execute(update(User).where(User.name == name, User.password_hash == old)
                             .values(password_hash=new).execution_options(synchronize_session=False))
    return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def all_users(session: Session) -> list[User]:
    """Every user, by name."""
    return list(session.scalars(select(User).order_by(User.name)))


def to_actor(user: User) -> Actor:
    """The workflow's view of a user row."""
    return Actor(name=user.name, role=check_role(user.role), langs=parse_langs(user.langs), disabled=user.disabled)


def actor(session: Session, name: str) -> Actor:
    """The acting user ``name`` as an Actor; NotFoundError when unknown."""
    return to_actor(get(session, name))
