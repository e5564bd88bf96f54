"""API tokens for the sections' sites: created by an admin, shown once, kept as a SHA-256, limited to languages."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from typing import TypedDict

from sqlalchemy import select

from workbench.errors import ConflictError, InputError, NotFoundError, PermissionDeniedError
from workbench.services import users
from workbench.services.app import App
from workbench.services.users import NAME_RE
from workbench.store.provenance_repo import aware
from workbench.store.tables import ApiToken, utcnow

PREFIX = "wbt_"  # says what a leaked string is (secret scanners match on it)
UNAUTHORIZED = "a valid API token is needed (Authorization: Bearer TOKEN)"


class TokenJSON(TypedDict):
    """A token as `token list --json` shows it (never the token itself): its ``name``, the ``langs``
    it sees (empty: every language), who created it and when, and when it was revoked (None: never)."""

    name: str
    langs: list[str]
    created_by: str
    created_at: str
    revoked_at: str | None


class NewTokenJSON(TokenJSON):
    """A token just created, with the ``token`` itself: shown this once."""

    token: str


def token_hash(token: str) -> str:
    """The SHA-256 kept in place of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_admin(app: App, user: str) -> str:
    """The name of ``user`` when it is an enabled admin; PermissionDeniedError otherwise."""
    return users.check_acting(app, user, "publishing").name


def _public(row: ApiToken) -> TokenJSON:
    return {"name": row.name, "langs": [c for c in row.langs.split(",") if c], "created_by": row.created_by,
            "created_at": aware(row.created_at).isoformat(),
            "revoked_at": aware(row.revoked_at).isoformat() if row.revoked_at else None}


def add_token(app: App, name: str, langs: str | Iterable[str], user: str) -> NewTokenJSON:
    """Create a token for a site; the result carries the token itself, which is never shown again."""
    if not NAME_RE.match(name):
        raise InputError(f"invalid token name {name!r}: ASCII letters (no accents), digits and . _ @ - (at most 100)")
    codes = users.check_langs(langs)
    by = check_admin(app, user)
    token = PREFIX + secrets.token_urlsafe(32)
    with app.db.write() as session:
        if session.scalar(select(ApiToken).where(ApiToken.name == name)) is not None:
            raise ConflictError(f"a token {name!r} exists already (revoked tokens keep their name)")
        row = ApiToken(name=name, token_hash=token_hash(token), langs=",".join(codes), created_by=by,
                       created_at=utcnow())
        session.add(row)
        session.flush()
        return {**_public(row), "token": token}


def list_tokens(app: App) -> list[TokenJSON]:
    """Every token (never the token itself), revoked ones included."""
    with app.db.read() as session:
        return [_public(r) for r in session.scalars(select(ApiToken).order_by(ApiToken.name))]


def revoke_token(app: App, name: str, user: str) -> TokenJSON:
    """Revoke a token: from now on it gets 401."""
    check_admin(app, user)
    with app.db.write() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.name == name))
        if row is None:
            raise NotFoundError(f"no token {name!r}")
        if row.revoked_at is None:
            row.revoked_at = utcnow()
        return _public(row)


def authenticate(app: App, token: str) -> frozenset[str]:
    """The languages a valid, unrevoked token sees (empty: every language); PermissionDeniedError otherwise."""
    if not token.startswith(PREFIX):
        raise PermissionDeniedError(UNAUTHORIZED)
    with app.db.read() as session:
        row = session.execute(select(ApiToken.langs, ApiToken.revoked_at)
                              .where(ApiToken.token_hash == token_hash(token))).first()
    if row is None or row.revoked_at is not None:
        raise PermissionDeniedError(UNAUTHORIZED)
    return frozenset(c for c in row.langs.split(",") if c)
