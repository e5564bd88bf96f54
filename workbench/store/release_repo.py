"""Releases, their blocks and segments, and per-language translations."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workbench.store.reads import no_release
from workbench.store.tables import Release, Segment, Translation


def find_release(session: Session, slug: str, *, lock: bool = False) -> Release | None:
    """The release with this slug, or None; ``lock``: row-locked for this transaction (PostgreSQL)."""
    query = select(Release).where(Release.slug == slug)
    return session.scalar(query.with_for_update() if lock else query)


def get_release(session: Session, slug: str, *, lock: bool = False) -> Release:
    """The release with this slug; NotFoundError naming the known ones otherwise.

    ``lock`` row-locks it for this transaction, as a sign-off does: an update of the release and
    an embargo write that row, so they wait for the sign-off to commit and then see it, or the
    sign-off waits for them and reads what they wrote.
    """
    release = find_release(session, slug, lock=lock)
    if release is None:
        raise no_release(slug, session.scalars(select(Release.slug).order_by(Release.slug).limit(10)).all())
    return release


def current_segments(session: Session, release: Release) -> list[Segment]:
    """The segments of the release's current version, in document order."""
    return list(
        session.scalars(
            select(Segment)
            .where(Segment.release_id == release.id, Segment.position.is_not(None))
            .order_by(Segment.position)
        )
    )


def neighbours(session: Session, segment: Segment) -> tuple[str | None, str | None]:
    """The sources just before and after a current segment in its release (None at an edge or when retired)."""
    if segment.position is None:
        return None, None
    near = (segment.position - 1, segment.position + 1)
    rows: dict[int | None, str] = {
        position: source for position, source in session.execute(
            select(Segment.position, Segment.source)
            .where(Segment.release_id == segment.release_id, Segment.position.in_(near))
        )
    }
    return rows.get(segment.position - 1), rows.get(segment.position + 1)


def translations_by_segment(session: Session, release: Release, lang: str, *,
                            lock: bool = False) -> dict[int, Translation]:
    """segment id -> its translation into ``lang``, for every segment that has one.

    ``lock`` row-locks them for this transaction, in document order (the order `approve --all`
    changes them in, so that the two never wait on each other in a cycle): a change of one of them
    then waits for this transaction to commit, and sees what it wrote (a sign-off, to revoke).
    """
    query = select(Translation).join(Segment).where(Segment.release_id == release.id, Translation.lang == lang)
    if lock:
        query = query.order_by(Segment.position, Segment.id).with_for_update(of=Translation)
    return {t.segment_id: t for t in session.scalars(query)}


def release_progress(session: Session) -> list[tuple[Release, int, dict[tuple[str, str], int]]]:
    """Every release with its segment count and counts of translations per (language, state)."""
    releases = session.scalars(select(Release).order_by(Release.created_at.desc(), Release.id.desc())).all()
    counts: dict[int, dict[tuple[str, str], int]] = {r.id: {} for r in releases}
    seg_counts = dict(
        session.execute(
            select(Segment.release_id, func.count())
            .where(Segment.position.is_not(None))
            .group_by(Segment.release_id)
        ).all()
    )
    for release_id, lang, state, n in session.execute(
        select(Segment.release_id, Translation.lang, Translation.state, func.count())
        .join(Translation)
        .where(Segment.position.is_not(None))
        .group_by(Segment.release_id, Translation.lang, Translation.state)
    ):
        counts[release_id][(lang, state)] = n
    return [(r, seg_counts.get(r.id, 0), counts[r.id]) for r in releases]
