"""Release sign-offs per language: recorded by a reviewer, revoked (kept, with the reason) on any change."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from workbench.store import publishing_repo
from workbench.store.tables import Release, SignOff, utcnow


def active(session: Session, release_id: int, lang: str) -> SignOff | None:
    """The release's sign-off in ``lang`` that still stands, or None."""
    return session.scalar(
        select(SignOff)
        .where(SignOff.release_id == release_id, SignOff.lang == lang, SignOff.revoked_at.is_(None))
        .order_by(SignOff.id.desc())
        .limit(1)
    )


def standing_languages(session: Session, release_id: int | None = None) -> dict[int, list[str]]:
    """release id -> the languages it stands signed off in (not revoked): every release's, or one's."""
    out: dict[int, list[str]] = {}
    query = select(SignOff.release_id, SignOff.lang).where(SignOff.revoked_at.is_(None)).order_by(SignOff.lang)
    if release_id is not None:
        query = query.where(SignOff.release_id == release_id)
    rows = session.execute(query)
    for release_id, lang in rows:
        out.setdefault(release_id, []).append(lang)
    return out


def record(session: Session, release_id: int, lang: str, reviewer: str) -> SignOff:
    """Record a sign-off (the caller has checked that every segment is approved)."""
    row = SignOff(release_id=release_id, lang=lang, reviewer=reviewer, at=utcnow(), revoked_reason="")
    session.add(row)
    session.flush()
    return row


_SIGNOFFS = cast(Table, SignOff.__table__)
# Built once, on the table (not the ORM entity): it runs with every save.
_REVOKE = (
    _SIGNOFFS.update()
    .where(_SIGNOFFS.c.release_id == bindparam("rid"), _SIGNOFFS.c.lang == bindparam("in_lang"),
           _SIGNOFFS.c.revoked_at.is_(None))
    .values(revoked_at=bindparam("when"), revoked_reason=bindparam("why"))
    .returning(_SIGNOFFS.c.published_at)  # a revoked language that had been public is announced as revoked
)


def revoke(session: Session, release_id: int, lang: str, reason: str, *, at: datetime | None = None) -> int:
    """Revoke the release's standing sign-offs in ``lang``; returns how many were revoked.

    When one of them had been published, the webhooks that asked for it are told (``revoked``).
    """
    when = at or utcnow()
    published = [row[0] for row in session.execute(_REVOKE, {"rid": release_id, "in_lang": lang, "when": when,
                                                             "why": reason})]
    if any(p is not None for p in published):
        release = session.get(Release, release_id)
        if release is not None:
            publishing_repo.enqueue(session, "revoked", release, lang, {"reason": reason}, at=when)
    return len(published)
